import { Checkbox } from 'antd';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Select } from '../../ui/design/Select.tsx';
import { inputAria, type WidgetProps } from './types.ts';

/** select: a drop-down of the field's options (and "none"). */
export function SelectInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  return (
    <Select
      id={p.id}
      className="select-input"
      {...inputAria(p)}
      ref={field.ref}
      value={(field.value as string | null) ?? ''}
      onChange={(v) => field.onChange(v)}
      onBlur={field.onBlur}
      options={[{ value: '', label: t('form.none') }, ...(p.field.options ?? []).map((o) => ({ value: o.value, label: o.label }))]}
    />
  );
}

/** multiSelect: one checkbox per option, in a group named by the field's label. */
export function MultiSelectInput(p: WidgetProps) {
  const { field } = useController({ name: p.field.name });
  return (
    <div role="group" id={p.id} aria-labelledby={`${p.id}-label`} aria-describedby={p.describedBy} aria-invalid={p.invalid || undefined} className="choice-group">
      <Checkbox.Group
        disabled={p.readOnly}
        value={Array.isArray(field.value) ? (field.value as string[]) : []}
        onChange={(values) => field.onChange(values)}
        options={(p.field.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
      />
    </div>
  );
}
