import { useState } from 'react';
import { useController } from 'react-hook-form';
import { dataApi } from '../../api/graphql.ts';
import { findUsers } from '../../api/users.ts';
import { type ObjectMeta } from '../../api/metadata.ts';
import { useRecordObjects } from '../../api/record-objects.ts';
import { nameField, recordTitle } from '../data/labels.ts';
import { useRecordContext } from '../form/record-context.ts';
import { RecordPicker, type Choice } from './RecordPicker.tsx';
import { inputAria, type WidgetProps } from './types.ts';

/** Up to 10 records of `target` whose name contains `text` (all when empty). */
export async function searchRecords(target: ObjectMeta, text: string): Promise<Choice[]> {
  const name = nameField(target);
  const filter = text && name ? (name.operators.includes('ilike') ? { [name.name]: { ilike: `%${text}%` } } : { [name.name]: { eq: text } }) : {};
  const data = await dataApi(
    `query($f: ${target.api.filter}) { ${target.api.many}(filter: $f, first: 10${name?.capabilities.sortable ? `, orderBy: [{${name.name}: ASC}]` : ''}) { nodes { id${name ? ` ${name.name}` : ''} } } }`,
    { f: filter },
  );
  return (data[target.api.many].nodes as Record<string, unknown>[]).map((n) => ({ id: String(n.id), label: recordTitle(target, n) }));
}

/** Users of the tenant (the directory every signed-in user may read) whose name or email contains `text`. */
export async function searchUsers(text: string): Promise<Choice[]> {
  return (await findUsers(text, 10)).map((u) => ({ id: u.id, label: u.name || u.email }));
}

/** The label of the value the record had when the form opened (its lookup's name or user's name). */
function useInitialLabel(field: string, value: string, target: ObjectMeta | undefined): string | undefined {
  const record = useRecordContext();
  const original = record?.[field] as Record<string, unknown> | null | undefined;
  if (!original || original.id !== value) return undefined;
  return target ? recordTitle(target, original) : String(original.name ?? original.id);
}

function ReferencePicker(p: WidgetProps & { search(text: string): Promise<Choice[]>; target?: ObjectMeta }) {
  const { field } = useController({ name: p.field.name });
  const [picked, setPicked] = useState<Choice | null>(null);
  const value = (field.value as string | null) ?? '';
  const initial = useInitialLabel(p.field.name, value, p.target);
  const valueLabel = picked && picked.id === value ? picked.label : initial;
  const { status, ...aria } = inputAria(p);
  return (
    <RecordPicker id={p.id} label={p.field.label} value={value} valueLabel={valueLabel} search={p.search} status={status} {...aria}
      selectRef={field.ref} onBlur={field.onBlur} onChange={(c) => { setPicked(c); field.onChange(c?.id ?? ''); }} />
  );
}

/** lookup and masterDetail: search-as-you-type over the target object's records. */
export function LookupInput(p: WidgetProps) {
  const objects = useRecordObjects();
  const target = objects.data?.find((o) => o.name === p.field.target);
  return <ReferencePicker {...p} target={target} search={(text) => (target ? searchRecords(target, text) : Promise.resolve([]))} />;
}

/** user: search-as-you-type over the tenant's users. */
export function UserInput(p: WidgetProps) {
  return <ReferencePicker {...p} search={searchUsers} />;
}
