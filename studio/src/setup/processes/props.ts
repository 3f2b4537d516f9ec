import type { Doc } from './model.ts';

/**
 * What the side panel edits, as data: per step type, trigger type and approval node, its
 * properties and how each is edited. The form's values are the document's own values (strings
 * for text, arrays and maps for the list editors); `fromForm` writes back only what the user
 * changed, so a property left alone keeps its exact form (absent stays absent, `false` stays).
 */
export type PropKind =
  | 'text' | 'number' | 'switch' | 'select' | 'multi' | 'expr' | 'duration' | 'json' | 'label'
  | 'object' | 'field' | 'fields' | 'target' | 'values' | 'value' | 'valueList' | 'branches' | 'approvers' | 'timeout';

export interface Prop {
  name: string;
  kind: PropKind;
  required?: boolean;
  /** select / multi: the values. */
  options?: readonly string[];
  /** Shown only when this holds over the edited value (a vote's threshold). */
  when?: (value: Doc) => boolean;
}

const p = (name: string, kind: PropKind, extra: Partial<Prop> = {}): Prop => ({ name, kind, ...extra });
const HEAD = [p('id', 'text', { required: true }), p('label', 'text')];
const NEXT = p('next', 'target');

export const STEP_PROPS: Record<string, Prop[]> = {
  branch: [...HEAD, p('branches', 'branches', { required: true }), p('otherwise', 'target')],
  update: [...HEAD, p('object', 'object'), p('record', 'value'), p('filter', 'json'), p('data', 'values', { required: true }), NEXT],
  create: [...HEAD, p('object', 'object', { required: true }), p('data', 'values', { required: true }), NEXT],
  command: [...HEAD, p('command', 'text', { required: true }), p('object', 'object'), p('record', 'value'), p('input', 'values'), NEXT],
  script: [...HEAD, p('action', 'text', { required: true }), p('object', 'object'), p('record', 'value'), p('input', 'values'), NEXT],
  notify: [...HEAD, p('to', 'valueList', { required: true }), p('title', 'value', { required: true }), p('body', 'value'), p('email', 'switch'), NEXT],
  webhook: [...HEAD, p('url', 'text', { required: true }), p('method', 'select', { options: ['POST', 'PUT'] }), p('body', 'values'), NEXT],
  wait: [...HEAD, p('duration', 'duration'), p('business', 'switch'), p('until', 'expr'), p('condition', 'expr'), p('timeout', 'duration'), NEXT],
  forEach: [...HEAD, p('object', 'object', { required: true }), p('filter', 'json'), p('workflow', 'text', { required: true }), p('max', 'number'), NEXT],
  callWorkflow: [...HEAD, p('workflow', 'text', { required: true }), p('wait', 'switch'), NEXT],
  startApproval: [...HEAD, p('flow', 'text'), p('object', 'object'), p('record', 'value'), NEXT],
};

export const TRIGGER_PROPS: Record<string, Prop[]> = {
  record: [p('on', 'multi', { required: true, options: ['create', 'update', 'delete'] }), p('fields', 'fields'), p('condition', 'expr')],
  date: [p('field', 'field', { required: true }), p('offset', 'duration'), p('business', 'switch'), p('condition', 'expr')],
  cron: [p('cron', 'text', { required: true }), p('timeZone', 'text')],
  manual: [],
  webhook: [],
  approval: [p('flows', 'json'), p('outcomes', 'multi', { options: ['approved', 'rejected', 'withdrawn', 'terminated'] })],
};

/** The workflow's own settings, edited on the trigger node. */
export const WORKFLOW_SETTINGS: Prop[] = [p('label', 'label'), p('description', 'text'), p('calendar', 'text'), p('runAs', 'text'), p('secret', 'text')];

export const NODE_PROPS: Prop[] = [
  p('id', 'text', { required: true }), p('label', 'label'), p('mode', 'select', { required: true, options: ['sequential', 'all', 'any', 'vote'] }),
  p('threshold', 'number', { when: (n) => n.mode === 'vote' }), p('approvers', 'approvers', { required: true }), p('condition', 'expr'), p('cc', 'approvers'), p('timeout', 'timeout'),
];

/** An approval flow's settings, edited on its entry node. */
export const FLOW_SETTINGS: Prop[] = [
  p('label', 'label'), p('entryCriteria', 'expr'), p('order', 'number'), p('calendar', 'text'), p('description', 'text'), p('cc', 'approvers'),
  p('onSubmit', 'values'), p('onApproved', 'values'), p('onRejected', 'values'),
];

/** Outcomes are `{update: {...}}` in the document; the panel edits the map. */
const OUTCOMES = new Set(['onSubmit', 'onApproved', 'onRejected']);

/** The form's value of one property (`''` for an absent text, the map of an outcome). */
export function propToForm(prop: Prop, value: unknown): unknown {
  if (OUTCOMES.has(prop.name)) return (value as { update?: unknown } | undefined)?.update ?? {};
  switch (prop.kind) {
    case 'text': case 'expr': case 'duration': case 'target': case 'object': case 'field': case 'select': return value ?? '';
    case 'label': return typeof value === 'string' || value === undefined ? value ?? '' : JSON.stringify(value);
    case 'json': return value === undefined ? '' : JSON.stringify(value);
    case 'number': return value ?? null;
    case 'switch': return value === true;
    case 'multi': case 'fields': case 'valueList': case 'branches': case 'approvers': return value ?? [];
    case 'values': return value ?? {};
    default: return value;
  }
}

const isEmpty = (v: unknown) => v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);

/** The document's value of one property from the form's (undefined: leave it out). JSON that does not parse stays text (the schema then says what is wrong). */
export function propFromForm(prop: Prop, value: unknown): unknown {
  if (OUTCOMES.has(prop.name)) return isEmpty(value) ? undefined : { update: value };
  if (prop.kind === 'switch') return value === true ? true : undefined;
  if (prop.kind === 'json' || (prop.kind === 'label' && typeof value === 'string' && value.trim().startsWith('{'))) {
    if (value === '') return undefined;
    try { return JSON.parse(value as string); } catch { return value; }
  }
  if (prop.required && (prop.kind === 'values' || prop.kind === 'valueList' || prop.kind === 'branches' || prop.kind === 'approvers' || prop.kind === 'multi')) return value ?? [];
  return isEmpty(value) ? undefined : value;
}

export function toForm(props: readonly Prop[], item: Doc): Record<string, unknown> {
  return Object.fromEntries(props.map((prop) => [prop.name, propToForm(prop, item[prop.name])]));
}

/**
 * The item with the form's values written back: a property whose form value is what the item
 * gave the form stays as the item has it (so loading and saving changes nothing), the others are
 * converted; key order is the item's, new keys go last.
 */
export function fromForm(props: readonly Prop[], form: Record<string, unknown>, item: Doc): Doc {
  const out: Doc = { ...item };
  for (const prop of props) {
    if (JSON.stringify(form[prop.name]) === JSON.stringify(propToForm(prop, item[prop.name]))) continue;
    const value = propFromForm(prop, form[prop.name]);
    if (value === undefined) delete out[prop.name];
    else out[prop.name] = value;
  }
  return out;
}

/** A literal or an expression as its editor shows it: the mode and the text. */
export type ValueInput = { mode: 'text' | 'expr' | 'json'; text: string };

export function valueToInput(value: unknown): ValueInput {
  if (typeof value === 'string' || value === undefined) return { mode: 'text', text: value ?? '' };
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { expr?: unknown }).expr === 'string') return { mode: 'expr', text: (value as { expr: string }).expr };
  return { mode: 'json', text: value === undefined ? '' : JSON.stringify(value) };
}

export function inputToValue(input: ValueInput): unknown {
  if (input.mode === 'text') return input.text;
  if (input.mode === 'expr') return { expr: input.text };
  try { return JSON.parse(input.text); } catch { return input.text; }
}
