import { Button, Checkbox, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import { LazyExpressionEditor } from '../../expressions/LazyExpressionEditor.tsx';
import { Select } from '../../ui/design/Select.tsx';
import { APPROVER_TYPES, type Doc } from './model.ts';
import { inputToValue, valueToInput, type ValueInput } from './props.ts';

/** What the list editors need to know around them: the objects (expressions, field pickers), the object the flow is about, the step ids, the users. */
export interface EditorContext {
  objects: readonly ObjectMeta[];
  object: string | undefined;
  stepIds: readonly string[];
  users: readonly { id: string; name: string }[];
}

/** An expression: the expression editor when the object is known (it checks against it), else plain text. */
export function ExpressionInput({ ctx, id, label, value, onChange, invalid, describedBy, rules }: { ctx: EditorContext; id: string; label: string; value: string; onChange(v: string): void; invalid?: boolean; describedBy?: string; rules?: boolean }) {
  if (ctx.object && ctx.objects.some((o) => o.name === ctx.object)) {
    return <LazyExpressionEditor objects={ctx.objects} object={ctx.object} value={value} onChange={onChange} id={id} label={label} invalid={invalid} describedBy={describedBy} user rules={rules} />;
  }
  return <Input.TextArea id={id} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy} autoSize />;
}

/** One value: literal text, JSON, or an expression over the record ({expr}). */
export function ValueEditor({ ctx, id, label, value, onChange, invalid, describedBy }: { ctx: EditorContext; id: string; label: string; value: unknown; onChange(v: unknown): void; invalid?: boolean; describedBy?: string }) {
  const { t } = useTranslation('processes');
  const input = valueToInput(value);
  const set = (next: ValueInput) => onChange(inputToValue(next));
  return (
    <div className="process-value">
      <Select aria-label={`${label}: ${t('values.mode')}`} value={input.mode} onChange={(mode) => set({ ...input, mode })} style={{ width: 120 }}
        options={(['text', 'expr', 'json'] as const).map((m) => ({ value: m, label: t(`values.${m}`) }))} />
      {input.mode === 'expr'
        ? <ExpressionInput ctx={ctx} id={id} label={label} value={input.text} onChange={(text) => set({ ...input, text })} invalid={invalid} describedBy={describedBy} />
        : <Input id={id} aria-label={label} value={input.text} onChange={(e) => set({ ...input, text: e.target.value })} aria-invalid={invalid || undefined} aria-describedby={describedBy} />}
    </div>
  );
}

/** Field values (`data`, `input`, `body`, outcome updates): a row per name, each a value. Key order is kept. */
export function ValuesEditor({ ctx, id, label, value, onChange }: { ctx: EditorContext; id: string; label: string; value: Record<string, unknown>; onChange(v: Record<string, unknown>): void }) {
  const { t } = useTranslation('processes');
  const entries = Object.entries(value ?? {});
  const object = ctx.objects.find((o) => o.name === ctx.object);
  const write = (rows: [string, unknown][]) => onChange(Object.fromEntries(rows));
  return (
    <div className="process-rows" id={id}>
      {entries.map(([k, v], i) => (
        <div className="process-row" key={i}>
          {object
            ? <Select aria-label={`${label} ${i + 1}: ${t('values.field')}`} value={k} style={{ minWidth: 140 }}
                options={[...(k && !object.fields.some((f) => f.name === k) ? [{ value: k, label: k }] : []), ...object.fields.map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }))]}
                onChange={(name) => write(entries.map((e, j) => (j === i ? [name, e[1]] : e)))} />
            : <Input aria-label={`${label} ${i + 1}: ${t('values.key')}`} value={k} style={{ width: 140 }} onChange={(e) => write(entries.map((x, j) => (j === i ? [e.target.value, x[1]] : x)))} />}
          <ValueEditor ctx={ctx} id={`${id}-${i}`} label={`${label} ${i + 1}: ${t('values.value')}`} value={v} onChange={(nv) => write(entries.map((e, j) => (j === i ? [e[0], nv] : e)))} />
          <Button size="small" onClick={() => write(entries.filter((_e, j) => j !== i))}>{t('values.remove')}</Button>
        </div>
      ))}
      <Button size="small" onClick={() => write([...entries, ['', '']])}>{`${t('values.add')} (${label})`}</Button>
    </div>
  );
}

/** A list of values (notify's recipients). */
export function ValueListEditor({ ctx, id, label, value, onChange }: { ctx: EditorContext; id: string; label: string; value: unknown[]; onChange(v: unknown[]): void }) {
  const { t } = useTranslation('processes');
  const list = value ?? [];
  return (
    <div className="process-rows" id={id}>
      {list.map((v, i) => (
        <div className="process-row" key={i}>
          <ValueEditor ctx={ctx} id={`${id}-${i}`} label={`${label} ${i + 1}`} value={v} onChange={(nv) => onChange(list.map((x, j) => (j === i ? nv : x)))} />
          <Button size="small" onClick={() => onChange(list.filter((_x, j) => j !== i))}>{t('values.remove')}</Button>
        </div>
      ))}
      <Button size="small" onClick={() => onChange([...list, ''])}>{`${t('values.add')} (${label})`}</Button>
    </div>
  );
}

/** Where a step goes: the step after it in the list (absent), the end, or a step by id. */
export function targetChoices(ctx: EditorContext, t: (k: string) => string, optional: boolean) {
  return [...(optional ? [{ value: '', label: t('targets.following') }] : []), { value: 'end', label: t('targets.end') }, ...ctx.stepIds.map((s) => ({ value: s, label: s }))];
}

/** A branch step's branches: each a condition and where it goes. */
export function BranchesEditor({ ctx, id, value, onChange }: { ctx: EditorContext; id: string; value: { when: string; next: string }[]; onChange(v: { when: string; next: string }[]): void }) {
  const { t } = useTranslation('processes');
  const list = value ?? [];
  const set = (i: number, patch: Partial<{ when: string; next: string }>) => onChange(list.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  return (
    <div className="process-rows" id={id}>
      {list.map((b, i) => (
        <div className="process-row column" key={i}>
          <ExpressionInput ctx={ctx} id={`${id}-${i}-when`} label={t('branches.when', { n: i + 1 })} value={b.when ?? ''} onChange={(when) => set(i, { when })} />
          <Select aria-label={t('branches.next', { n: i + 1 })} value={b.next ?? ''} onChange={(next) => set(i, { next })} options={targetChoices(ctx, t, false)} style={{ minWidth: 160 }} />
          <Button size="small" onClick={() => onChange(list.filter((_b, j) => j !== i))}>{t('branches.remove', { n: i + 1 })}</Button>
        </div>
      ))}
      <Button size="small" onClick={() => onChange([...list, { when: '', next: 'end' }])}>{t('branches.add')}</Button>
    </div>
  );
}

/** Approvers (or CC): named users, a role, the submitter's manager at a depth, a user field, a claimable group; each with a weight for vote nodes. */
export function ApproversEditor({ ctx, id, label, value, onChange }: { ctx: EditorContext; id: string; label: string; value: Doc[]; onChange(v: Doc[]): void }) {
  const { t } = useTranslation('processes');
  const list = value ?? [];
  const set = (i: number, next: Doc) => onChange(list.map((a, j) => (j === i ? next : a)));
  const object = ctx.objects.find((o) => o.name === ctx.object);
  return (
    <div className="process-rows" id={id} aria-label={label} role="group">
      {list.map((a, i) => {
        const n = i + 1;
        const { weight, type } = a as { weight?: number; type: string };
        return (
          <div className="process-row column" key={i}>
            <Select aria-label={t('approvers.type', { n })} value={type} style={{ minWidth: 160 }}
              options={APPROVER_TYPES.map((x) => ({ value: x, label: t(`approverTypes.${x}`) }))}
              onChange={(nt) => set(i, nt === 'user' ? { type: nt, users: [] } : nt === 'manager' ? { type: nt } : { type: nt, [nt]: '' })} />
            {type === 'user' && <Select mode="multiple" aria-label={t('approvers.users', { n })} value={((a.users as string[]) ?? []) as never} style={{ minWidth: 200 }}
              options={[...ctx.users.map((u) => ({ value: u.id, label: u.name })), ...((a.users as string[]) ?? []).filter((u) => !ctx.users.some((x) => x.id === u)).map((u) => ({ value: u, label: u }))]}
              onChange={(users: unknown) => set(i, { ...a, users })} />}
            {type === 'role' && <Input aria-label={t('approvers.role', { n })} value={String(a.role ?? '')} onChange={(e) => set(i, { ...a, role: e.target.value })} />}
            {type === 'group' && <Input aria-label={t('approvers.group', { n })} value={String(a.group ?? '')} onChange={(e) => set(i, { ...a, group: e.target.value })} />}
            {type === 'manager' && <InputNumber aria-label={t('approvers.depth', { n })} min={1} max={20} value={(a.depth as number | undefined) ?? null}
              onChange={(d) => { const { depth: _d, ...rest } = a; set(i, d == null ? rest : { ...rest, depth: d }); }} />}
            {type === 'field' && (object
              ? <Select aria-label={t('approvers.field', { n })} value={String(a.field ?? '')} style={{ minWidth: 160 }}
                  options={object.fields.filter((f) => f.type === 'user' || f.type === 'lookup' || f.type === 'masterDetail').map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }))}
                  onChange={(field) => set(i, { ...a, field })} />
              : <Input aria-label={t('approvers.field', { n })} value={String(a.field ?? '')} onChange={(e) => set(i, { ...a, field: e.target.value })} />)}
            <InputNumber aria-label={t('approvers.weight', { n })} placeholder={t('approvers.weight', { n })} style={{ width: 200 }} min={0} value={weight ?? null} onChange={(w) => { const { weight: _w, ...rest } = a; set(i, w == null ? rest : { ...rest, weight: w }); }} />
            <Button size="small" onClick={() => onChange(list.filter((_x, j) => j !== i))}>{t('approvers.remove', { n })}</Button>
          </div>
        );
      })}
      <Button size="small" onClick={() => onChange([...list, { type: 'user', users: [] }])}>{`${t('approvers.add')} (${label})`}</Button>
    </div>
  );
}

/** A node's timeout: after how long (business time or not), and what then happens. */
export function TimeoutEditor({ id, value, onChange }: { id: string; value: Doc | undefined; onChange(v: Doc | undefined): void }) {
  const { t } = useTranslation('processes');
  if (!value) return <Button size="small" id={id} onClick={() => onChange({ after: 'PT8H', action: 'escalate' })}>{t('timeout.set')}</Button>;
  return (
    <div className="process-row column" id={id}>
      <Input aria-label={t('timeout.after')} value={String(value.after ?? '')} placeholder="PT8H" onChange={(e) => onChange({ ...value, after: e.target.value })} />
      <Checkbox checked={value.business === true} onChange={(e) => { const { business: _b, ...rest } = value; onChange(e.target.checked ? { ...rest, business: true } : rest); }}>{t('timeout.business')}</Checkbox>
      <Select aria-label={t('timeout.action')} value={String(value.action ?? 'escalate')} onChange={(action) => onChange({ ...value, action })}
        options={(['escalate', 'approve', 'reject'] as const).map((a) => ({ value: a, label: t(`timeout.actions.${a}`) }))} />
      <Button size="small" onClick={() => onChange(undefined)}>{t('timeout.clear')}</Button>
    </div>
  );
}

