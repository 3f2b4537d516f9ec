import { useTranslation } from 'react-i18next';
import { useFormContext } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

/** select: a drop-down of the field's options (and "none"). */
export function SelectInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { register } = useFormContext();
  return (
    <select id={p.id} {...inputAria(p)} {...register(p.field.name)}>
      <option value="">{t('form.none')}</option>
      {(p.field.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}

/** multiSelect: one checkbox per option, in a group named by the field's label. */
export function MultiSelectInput(p: WidgetProps) {
  const { register } = useFormContext();
  return (
    <div role="group" id={p.id} aria-labelledby={`${p.id}-label`} aria-describedby={p.describedBy} aria-invalid={p.invalid || undefined} className="choice-group">
      {(p.field.options ?? []).map((o) => (
        <label key={o.value} className="choice">
          <input type="checkbox" value={o.value} disabled={p.readOnly} aria-invalid={p.invalid || undefined} {...register(p.field.name)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}
