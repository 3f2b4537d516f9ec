import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import type { Diagnostic } from './api.ts';
import { typeCompletions } from './completions.ts';
import type { TypeHints } from './type-hints.ts';

interface Props {
  value: string;
  onChange(value: string): void;
  diagnostics: Diagnostic[];
  hints: TypeHints;
  typescript: boolean;
  label: string;
  describedBy?: string;
}

/** The platform's diagnostics (1-based line and column) as lint markers on the document. */
export function toCmDiagnostics(view: EditorView, list: Diagnostic[]): CmDiagnostic[] {
  const doc = view.state.doc;
  return list.map((d) => {
    const line = doc.line(Math.min(Math.max(d.line, 1), doc.lines));
    const from = Math.min(line.from + Math.max(d.column - 1, 0), line.to);
    const to = from < line.to ? line.to : from;
    return { from, to, severity: d.severity, message: d.message };
  });
}

/** CodeMirror 6 in TypeScript mode, with completions from the tenant's types and the last diagnostics as markers. */
export function CodeEditor({ value, onChange, diagnostics, hints, typescript, label, describedBy }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, hints });
  latest.current = { onChange, hints };

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      doc: value,
      extensions: [
        lineNumbers(),
        lintGutter(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        autocompletion(),
        history(),
        keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
        javascript({ typescript }),
        javascriptLanguage.data.of({ autocomplete: typeCompletions(() => latest.current.hints) }),
        EditorView.updateListener.of((u) => { if (u.docChanged) latest.current.onChange(u.state.doc.toString()); }),
        EditorView.contentAttributes.of({ 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}) }),
      ],
    });
    view.current = v;
    return () => v.destroy();
    // The editor is created once per script (the parent keys it); later values come from typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typescript]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toCmDiagnostics(v, diagnostics)));
  }, [diagnostics]);

  return <div className="code-editor" ref={host} />;
}
