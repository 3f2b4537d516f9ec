import { autocompletion, closeBrackets, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { checkExpression, type CheckResult } from '@tessera/platform/expressions';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../api/metadata.ts';
import { completeExpression } from './completions.ts';
import { ExpressionPreview } from './ExpressionPreview.tsx';
import { expressionModel } from './model.ts';
import './expressions.css';

/** A problem at a place in the expression: UTF-16 offsets, as the platform's checker and CodeMirror count. */
export interface PlacedProblem {
  offset: number;
  length: number;
  message: string;
}

export type ExpressionType = 'number' | 'text' | 'boolean' | 'date' | 'datetime';

export interface ExpressionEditorProps {
  /** The tenant's objects (`useRecordObjects`: field types in lower camel): the model the expression is checked against. */
  objects: readonly ObjectMeta[];
  /** The object whose records the expression reads. */
  object: string;
  value: string;
  onChange(value: string): void;
  /** The type the expression must give (a formula's returnType). */
  expect?: ExpressionType;
  /** Whether `$User` may be read (not in a formula: its value is the same for every reader). */
  user?: boolean;
  /** A rule (PRIORVALUE, ISCHANGED allowed). */
  rules?: boolean;
  /** Problems the server found in `serverSource` (shown while the text is unchanged). */
  serverProblems?: readonly PlacedProblem[];
  serverSource?: string;
  /** Show the live preview over a sample record. */
  preview?: boolean;
  id: string;
  label: string;
  describedBy?: string;
  /** The form holds an error for it (`aria-invalid`). */
  invalid?: boolean;
}

/** The check's problems as lint markers, clamped to the document. */
export function toDiagnostics(problems: readonly PlacedProblem[], length: number): Diagnostic[] {
  return problems.map((p) => {
    const from = Math.min(Math.max(p.offset, 0), length);
    return { from, to: Math.min(from + Math.max(p.length, 0), length), severity: 'error', message: p.message };
  });
}

/**
 * A code-editor input for the expression language (CodeMirror 6): completion of fields (through
 * lookups: `account.` offers account's fields), `$User` properties and functions with their
 * signatures and help; the platform's own checker runs on every keystroke, its problems marked at
 * their positions; and the value over a sample record, evaluated by the platform's JavaScript back end.
 */
export function ExpressionEditor(props: ExpressionEditorProps) {
  const { t } = useTranslation('expressions');
  const { objects, object, value, expect, user, rules, serverProblems, serverSource, id, label, describedBy, invalid } = props;
  const model = useMemo(() => expressionModel(objects), [objects]);
  const result: CheckResult | null = useMemo(() => {
    if (!value.trim() || !model.objects.has(object)) return null;
    return checkExpression(value, { model, object, expect, rules, user: user ? undefined : null });
  }, [value, model, object, expect, rules, user]);
  const problems: PlacedProblem[] = useMemo(() => {
    const own = result && !result.ok ? result.problems : [];
    const server = serverSource === value ? serverProblems ?? [] : [];
    return [...own, ...server.filter((s) => !own.some((o) => o.offset === s.offset && o.message === s.message))];
  }, [result, serverProblems, serverSource, value]);

  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ props, model });
  // The content's id and ARIA attributes follow the props (a form's error sets aria-invalid and -describedby).
  const attributes = useRef(new Compartment());
  const contentAttributes = () => EditorView.contentAttributes.of({
    id, 'aria-label': label, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(invalid ? { 'aria-invalid': 'true' } : {}),
  });
  latest.current = { props, model };

  useEffect(() => {
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      const { model: m, props: p } = latest.current;
      const found = completeExpression(m, p.object, ctx.state.doc.toString(), ctx.pos, { user: p.user, rules: p.rules });
      if (!found) return null;
      const typedNothing = found.from === ctx.pos && !/[.$]$/.test(ctx.state.sliceDoc(Math.max(0, ctx.pos - 1), ctx.pos));
      if (typedNothing && !ctx.explicit) return null;
      return { from: found.from, options: found.options, validFor: /^[A-Za-z0-9_]*$/ };
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          closeBrackets(),
          autocompletion({ override: [complete], icons: false }),
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          placeholder('IF(score >= 60, "hot", "cold")'),
          EditorView.updateListener.of((u) => { if (u.docChanged) latest.current.props.onChange(u.state.doc.toString()); }),
          attributes.current.of(contentAttributes()),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // One editor per mount; later values come from typing (or the effect below).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: attributes.current.reconfigure(contentAttributes()) });
    // contentAttributes reads exactly these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, label, describedBy, invalid]);

  // A value set from outside (a form reset) replaces the document.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (v) v.dispatch(setDiagnostics(v.state, toDiagnostics(problems, v.state.doc.length)));
  }, [problems]);

  return (
    <div className="expression-editor">
      <div className="expression-input" ref={host} data-testid={`${id}-editor`} />
      {problems.length > 0 && (
        <ul className="expression-problems" aria-label={t('problems')} id={`${id}-problems`}>
          {problems.map((p, i) => {
            const at = position(value, p.offset);
            return <li key={i} className="error-text" data-offset={p.offset}>{t('at', at)}: {p.message}</li>;
          })}
        </ul>
      )}
      {props.preview && <ExpressionPreview objects={objects} object={object} expression={result?.ok ? result.expression : null} />}
    </div>
  );
}

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export default ExpressionEditor;
