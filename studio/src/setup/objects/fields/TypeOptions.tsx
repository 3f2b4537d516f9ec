import type { UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useObjects } from '../../../api/metadata.ts';
import { ErrorText } from '../ErrorText.tsx';
import type { FieldTypeInfo } from '../api.ts';
import { typeProps, type FieldFormValues } from './field-input.ts';
import { FormInput, FormSelect } from '../../../ui/design/form-controls.tsx';
import { OptionsEditor } from './OptionsEditor.tsx';

const ON_DELETE = ['SET_NULL', 'RESTRICT', 'CASCADE'] as const;
const AGGREGATES = ['COUNT', 'SUM', 'MIN', 'MAX', 'AVG'] as const;
/** What a roll-up may aggregate: the child's stored numbers. */
const NUMBER_TYPES = new Set(['INTEGER', 'NUMBER', 'CURRENCY', 'PERCENT', 'DURATION', 'RATING']);

/** The options of the chosen type: values, target object and onDelete, lengths, digits, currency, an auto-number's format, a rating's max, a file's largest size and accepted types. */
export function TypeOptions({ form, info, idPrefix, object }: { form: UseFormReturn<FieldFormValues>; info: FieldTypeInfo | undefined; idPrefix: string; object?: string }) {
  const { t } = useTranslation('setup');
  const objects = useObjects();
  const props = typeProps(info);
  const errors = form.formState.errors;
  const schema = (name: string) => (info?.schema.properties?.[name] ?? {}) as { minimum?: number; maximum?: number; description?: string };
  const row = (name: 'maxLength' | 'precision' | 'scale' | 'currencyCode' | 'relationName' | 'format' | 'max' | 'maxSize' | 'accept', label: string, numeric = false, placeholder?: string) => {
    if (!props.has(name)) return null;
    const id = `${idPrefix}-${name}`;
    const message = errors[name]?.message;
    const s = schema(name);
    return (
      <div className="form-row">
        <label htmlFor={id}>{label}</label>
        <FormInput control={form.control} name={name} id={id} inputMode={numeric ? 'numeric' : undefined} aria-invalid={message ? true : undefined} status={message ? 'error' : undefined}
          aria-describedby={message ? `${id}-error` : `${id}-hint`} placeholder={placeholder ?? (numeric && s.minimum !== undefined && s.maximum !== undefined ? `${s.minimum}–${s.maximum}` : undefined)} />
        {s.description && <p id={`${id}-hint`} className="hint">{s.description}</p>}
        <ErrorText id={`${id}-error`} message={message} />
      </div>
    );
  };
  return (
    <>
      {props.has('target') && (
        <div className="form-row">
          <label htmlFor={`${idPrefix}-target`}>{t('fields.form.target')}</label>
          <FormSelect control={form.control} name="target" id={`${idPrefix}-target`} aria-invalid={errors.target ? true : undefined} aria-describedby={errors.target ? `${idPrefix}-target-error` : undefined}
            options={[{ value: '', label: t('fields.form.chooseTarget') }, ...(objects.data ?? []).map((o) => ({ value: o.name, label: `${o.label} (${o.name})` }))]} />
          <ErrorText id={`${idPrefix}-target-error`} message={errors.target?.message} />
        </div>
      )}
      {props.has('onDelete') && (
        <div className="form-row">
          <label htmlFor={`${idPrefix}-onDelete`}>{t('fields.form.onDelete')}</label>
          <FormSelect control={form.control} name="onDelete" id={`${idPrefix}-onDelete`} aria-invalid={errors.onDelete ? true : undefined}
            options={[{ value: '', label: t('fields.form.onDeleteValues.default') }, ...ON_DELETE.map((v) => ({ value: v, label: t(`fields.form.onDeleteValues.${v}`) }))]} />
          <ErrorText id={`${idPrefix}-onDelete-error`} message={errors.onDelete?.message} />
        </div>
      )}
      {row('relationName', t('fields.form.relationName'))}
      {row('maxLength', t('fields.form.maxLength'), true)}
      {row('precision', t('fields.form.precision'), true)}
      {row('scale', t('fields.form.scale'), true)}
      {row('currencyCode', t('fields.form.currencyCode'))}
      {row('format', t('fields.form.format'))}
      {row('max', t('fields.form.max'), true)}
      {row('maxSize', t('fields.form.maxSize'), true)}
      {row('accept', t('fields.form.accept'), false, 'application/pdf, image/*')}
      {props.has('options') && <OptionsEditor form={form} idPrefix={idPrefix} />}
      {props.has('relation') && <RollupOptions form={form} idPrefix={idPrefix} object={object} />}
    </>
  );
}

/**
 * A roll-up: its children (every lookup or master-detail field of any object that points to this
 * one, as `<child>.<field>`), the aggregate, the child's number field (not for COUNT) and a filter
 * expression over the child. The platform checks the whole definition and answers with pointers.
 */
function RollupOptions({ form, idPrefix, object }: { form: UseFormReturn<FieldFormValues>; idPrefix: string; object?: string }) {
  const { t } = useTranslation('setup');
  const objects = useObjects();
  const errors = form.formState.errors;
  const relation = form.watch('relation');
  const aggregate = form.watch('aggregate');
  const relations = (objects.data ?? []).flatMap((o) => o.fields
    .filter((f) => (f.type === 'LOOKUP' || f.type === 'MASTER_DETAIL') && f.target === object)
    .map((f) => ({ value: `${o.name}.${f.name}`, label: `${o.label} · ${f.label} (${o.name}.${f.name})` })));
  const child = (objects.data ?? []).find((o) => o.name === relation.split('.')[0]);
  const numbers = (child?.fields ?? []).filter((f) => NUMBER_TYPES.has(f.type)).map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }));
  const select = (name: 'relation' | 'aggregate' | 'field', label: string, options: { value: string; label: string }[]) => (
    <div className="form-row">
      <label htmlFor={`${idPrefix}-${name}`}>{label}</label>
      <FormSelect control={form.control} name={name} id={`${idPrefix}-${name}`} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${idPrefix}-${name}-error` : undefined}
        options={[{ value: '', label: t('fields.form.choose') }, ...options]} />
      <ErrorText id={`${idPrefix}-${name}-error`} message={errors[name]?.message} />
    </div>
  );
  return (
    <>
      {select('relation', t('fields.form.relation'), relations)}
      {select('aggregate', t('fields.form.aggregate'), AGGREGATES.map((a) => ({ value: a, label: t(`fields.form.aggregates.${a}`) })))}
      {aggregate && aggregate !== 'COUNT' && select('field', t('fields.form.rollupField'), numbers)}
      <div className="form-row">
        <label htmlFor={`${idPrefix}-filter`}>{t('fields.form.filter')}</label>
        <FormInput control={form.control} name="filter" id={`${idPrefix}-filter`} placeholder='stage = "won"' aria-invalid={errors.filter ? true : undefined} status={errors.filter ? 'error' : undefined}
          aria-describedby={errors.filter ? `${idPrefix}-filter-error` : undefined} />
        <ErrorText id={`${idPrefix}-filter-error`} message={errors.filter?.message} />
      </div>
    </>
  );
}
