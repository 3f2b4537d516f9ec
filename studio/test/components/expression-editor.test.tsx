import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../../src/api/metadata.ts';
import { completeExpression } from '../../src/expressions/completions.ts';
import ExpressionEditor from '../../src/expressions/ExpressionEditor.tsx';
import { expressionModel } from '../../src/expressions/model.ts';
import { objectMeta, renderWith, stubMetadata } from './objects-support.tsx';

// jsdom has no layout: CodeMirror measures ranges after each update.
const rect = { x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, toJSON() {} };
Range.prototype.getClientRects ??= (() => []) as never;
Range.prototype.getBoundingClientRect ??= (() => rect) as never;

type F = { name: string; type: string; label: string; target?: string; expression?: string; returnType?: string };
/** An object as `/metadata` gives it, each field's `definition` its resolved definition (what the checker reads). */
function object(name: string, fields: F[]): ObjectMeta {
  const meta = objectMeta(name, fields.map((f) => ({ name: f.name, type: f.type.toUpperCase(), label: f.label }))) as unknown as ObjectMeta;
  meta.fields.forEach((m, i) => { m.definition = { ...fields[i], label: { en: fields[i].label }, required: false, unique: false }; m.target = fields[i].target ?? null; });
  return meta;
}

const OBJECTS = [
  object('account', [{ name: 'name', type: 'text', label: 'Name' }, { name: 'industry', type: 'text', label: 'Industry' }, { name: 'parent', type: 'lookup', target: 'account', label: 'Parent' }]),
  object('deal', [
    { name: 'name', type: 'text', label: 'Name' }, { name: 'seats', type: 'integer', label: 'Seats' }, { name: 'closeDate', type: 'date', label: 'Close date' },
    { name: 'account', type: 'lookup', target: 'account', label: 'Account' }, { name: 'tags', type: 'multiSelect', label: 'Tags' },
    { name: 'doubled', type: 'formula', expression: 'seats * 2', returnType: 'number', label: 'Doubled' },
  ]),
];
const model = expressionModel(OBJECTS);
const complete = (source: string, pos = source.length, options = {}) => completeExpression(model, 'deal', source, pos, options);
const labels = (source: string, options = {}) => complete(source, source.length, options)?.options.map((o) => o.label) ?? null;

describe('expression editor: completion', () => {
  it('offers the object\'s readable fields with their types, then the functions with signatures and help', () => {
    const result = complete('IF(se')!;
    expect(result.from).toBe(3);
    const seats = result.options.find((o) => o.label === 'seats')!;
    expect(seats).toMatchObject({ type: 'property', detail: 'number', info: 'Seats' });
    expect(result.options.find((o) => o.label === 'closeDate')?.detail).toBe('date');
    expect(result.options.find((o) => o.label === 'account')?.detail).toBe('lookup → account');
    // System fields are fields too; lists (multiSelect) and formulas are not readable.
    expect(result.options.map((o) => o.label)).toEqual(expect.arrayContaining(['createdAt', 'owner']));
    expect(result.options.map((o) => o.label)).not.toContain('tags');
    expect(result.options.map((o) => o.label)).not.toContain('doubled');
    const round = result.options.find((o) => o.label === 'ROUND')!;
    expect(round).toMatchObject({ type: 'function', apply: 'ROUND(' });
    expect(round.detail).toMatch(/^ROUND\(/);
    expect(round.info).toBeTruthy();
  });

  it('follows lookups: after `account.` the account\'s fields, through any number of hops; nothing after a non-lookup', () => {
    expect(complete('account.ind')).toMatchObject({ from: 8 });
    expect(labels('account.')).toEqual(expect.arrayContaining(['name', 'industry', 'parent']));
    expect(labels('account.')).not.toContain('IF');
    expect(labels('account.')).not.toContain('seats');
    expect(labels('LEN(account.parent.')).toEqual(expect.arrayContaining(['industry']));
    expect(labels('seats.')).toBeNull();
  });

  it('offers $User\'s properties where $User may be read, PRIORVALUE only in rules, nothing inside a text', () => {
    expect(labels('$User.')).toEqual(expect.arrayContaining(['email', 'isAdmin']));
    expect(labels('$', { user: false })).toBeNull();
    expect(labels('')).not.toContain('PRIORVALUE');
    expect(labels('', { rules: true })).toContain('PRIORVALUE');
    expect(labels('"se')).toBeNull();
    expect(labels('"a" & se')).toContain('seats');
  });
});

describe('expression editor: problems at their positions', () => {
  const render = (value: string, extra: Record<string, unknown> = {}) => {
    stubMetadata({ objects: OBJECTS });
    return renderWith(<ExpressionEditor objects={OBJECTS} object="deal" value={value} onChange={() => {}} id="e" label="Expression" expect="number" {...extra} />);
  };
  const marked = async (container: HTMLElement) => {
    await waitFor(() => expect(container.querySelector('.cm-lintRange-error')).not.toBeNull());
    return [...container.querySelectorAll('.cm-lintRange-error')].map((e) => e.textContent);
  };

  it('marks an unknown field where it is written, with the message and its line and column', async () => {
    const { container } = render('seats * 2 + prize');
    expect(await marked(container)).toEqual(['prize']);
    expect(screen.getByRole('list', { name: 'Problems' }).textContent).toMatch(/line 1, column 13: deal has no field prize/);
  });

  it('marks a type error at the operator and a wrong result type over the whole expression', async () => {
    const first = render('name * 2');
    expect(await marked(first.container)).toEqual(['*']);
    first.unmount();
    const second = render('name & "x"');
    expect(await marked(second.container)).toEqual(['name & "x"']);
    expect(screen.getByRole('list', { name: 'Problems' }).textContent).toMatch(/must give a number, not text/);
  });

  it('shows the server\'s problems while the text is the one sent, and none for a valid expression', async () => {
    const { container } = render('seats + 1', { serverSource: 'seats + 1', serverProblems: [{ offset: 0, length: 5, message: 'refused by the server' }] });
    expect(await marked(container)).toEqual(['seats']);
    expect(screen.getByRole('list', { name: 'Problems' }).textContent).toMatch(/line 1, column 1: refused by the server/);
  });

  it('a valid expression has no markers', async () => {
    const { container } = render('IF(seats > 10, seats * 2, LEN(account.industry))');
    await waitFor(() => expect(container.querySelector('.cm-content')).not.toBeNull());
    expect(container.querySelector('.cm-lintRange-error')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Problems' })).toBeNull();
  });
});

describe('field form: a formula field', () => {
  it('shows the return type and the expression editor; the server\'s problems inside the expression land in the editor at their positions', async () => {
    const { FieldForm } = await import('../../src/setup/objects/fields/FieldForm.tsx');
    const formula = OBJECTS[1].fields.find((f) => f.name === 'doubled')!;
    const field = { ...formula, type: 'FORMULA', label: 'Doubled', labels: { en: 'Doubled' } };
    const calls = stubMetadata({
      objects: OBJECTS,
      mutation: () => ({
        errors: [{
          message: 'deal.doubled: refused', extensions: {
            code: 'VALIDATION_FAILED', errors: [
              { pointer: '/objects/deal/fields/5/expression', message: 'deal.doubled: seats is not allowed here (line 1, column 1)', expression: { code: 'type', offset: 0, length: 5, line: 1, column: 1 } },
            ],
          },
        }],
      }),
    });
    renderWith(<FieldForm object="deal" field={field} onDone={() => {}} onCancel={() => {}} />);
    await screen.findByLabelText('Return type');
    const editor = await screen.findByRole('textbox', { name: 'Expression' });
    await waitFor(() => expect(editor.textContent).toBe('seats * 2'));
    screen.getByRole('button', { name: 'Save field' }).click();
    // The dialog is a portal on the body.
    await waitFor(() => expect(document.querySelector('.cm-lintRange-error')?.textContent).toBe('seats'));
    expect(screen.getByRole('list', { name: 'Problems' }).textContent).toMatch(/line 1, column 1: deal\.doubled: seats is not allowed here/);
    const update = calls.find((c) => c.query.includes('updateField'))!;
    expect(update.variables.input).toMatchObject({ expression: 'seats * 2', returnType: 'number' });
    // Placed problems are not repeated in the form's alert.
    expect(screen.queryAllByRole('alert').filter((a) => a.classList.contains('form-alert'))).toEqual([]);
  });
});
