import { useQuery } from '@tanstack/react-query';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { metadataApi } from '../api/graphql.ts';
import type { ObjectMeta } from '../api/metadata.ts';
import { Select, type Choice } from '../ui/design/Select.tsx';

/**
 * A single pick that may be blank, bound to a react-hook-form string field: blank is `''` in the form
 * (the item leaves the key out) and no value in the Select, so its placeholder ("default") shows. A
 * stored name no longer among the options stays visible as itself rather than silently dropped.
 */
export function FormPick<T extends FieldValues>({ control, name, id, options, placeholder, ...aria }: {
  control: Control<T>; name: FieldPath<T>; id: string; options: Choice[]; placeholder?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string;
}) {
  const { field } = useController({ control, name });
  const value = (field.value as string | undefined) || undefined;
  const all = value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <Select id={id} {...aria} ref={field.ref} value={value} placeholder={placeholder} allowClear showSearch optionFilterProp="label"
      onChange={(v) => field.onChange(v ?? '')} onBlur={field.onBlur} options={all} style={{ minWidth: 240 }} />
  );
}

/** An object's fields as choices (labelled, the API name in the tooltip), only those of `types` when given. */
export function fieldChoices(object: ObjectMeta | undefined, types?: readonly string[]): Choice[] {
  return (object?.fields ?? []).filter((f) => !types || types.includes(f.type)).map((f) => ({ value: f.name, label: f.label, title: `${f.label} (${f.name})` }));
}

/** Fields a value can be written to: not computed, not assigned by the platform. */
export function writableChoices(object: ObjectMeta | undefined): Choice[] {
  const computed = ['formula', 'rollup', 'autoNumber'];
  return fieldChoices({ ...object!, fields: (object?.fields ?? []).filter((f) => !computed.includes(f.type) && !f.capabilities?.readOnly) });
}

/** The tenant's business calendars by name (the kind `businessCalendars`), for the dispatch rule's calendar. */
export function useCalendars() {
  return useQuery({
    queryKey: ['assignment', 'calendars'],
    queryFn: async () => ((await metadataApi<{ document: { businessCalendars?: { name: string }[] } }>('{ document(kinds: ["businessCalendars"]) }')).document.businessCalendars ?? []).map((c) => c.name),
  });
}
