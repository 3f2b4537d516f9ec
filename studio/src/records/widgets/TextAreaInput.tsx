import { useFormContext } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

/** Multi-line inputs: longText, richText (HTML source) and json (JSON text, parsed on validation). */
export function TextAreaInput(p: WidgetProps) {
  const { register } = useFormContext();
  return (
    <textarea
      id={p.id}
      rows={p.field.type === 'json' ? 6 : 4}
      className={p.field.type === 'json' ? 'code' : undefined}
      spellCheck={p.field.type === 'json' ? false : undefined}
      maxLength={p.field.maxLength ?? undefined}
      {...inputAria(p)}
      {...register(p.field.name)}
    />
  );
}
