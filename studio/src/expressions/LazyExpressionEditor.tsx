import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { ExpressionEditorProps } from './ExpressionEditor.tsx';

// The editor brings CodeMirror and the expression language (parser, checker, decimals): loaded
// with the first form that shows it, never with the pages around it.
const Editor = lazy(() => import('./ExpressionEditor.tsx'));

/** The expression editor, loaded on first use. */
export function LazyExpressionEditor(props: ExpressionEditorProps) {
  return <Suspense fallback={<Spin size="small" />}><Editor {...props} /></Suspense>;
}
