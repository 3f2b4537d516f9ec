import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Select } from 'antd';
import { inputAria, type WidgetProps } from './types.ts';

/**
 * tags, emails, phones, links: antd's Select in tags mode (no options to offer, so not the studio's
 * option-listing Select) — type a value and Enter (or a comma) to
 * add it, × or Backspace to remove one. Each item is checked by the field's schema on save (an
 * e-mail's format, a link's scheme), and the error names the field.
 */
export function TextListInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  const values = Array.isArray(field.value) ? (field.value as string[]) : [];
  return (
    <Select<string[]>
      id={p.id}
      mode="tags"
      className="text-list-input"
      tokenSeparators={[',', '\n']}
      open={false}
      suffixIcon={null}
      placeholder={t(`form.listHint.${p.field.type}`, { defaultValue: '' })}
      {...inputAria(p)}
      ref={field.ref}
      value={values}
      onChange={(next) => field.onChange(next.map((v) => v.trim()).filter(Boolean))}
      onBlur={field.onBlur}
    />
  );
}
