import { Input } from 'antd';
import { useController } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

/** Multi-line inputs: longText and json (JSON text, parsed on validation). */
export function TextAreaInput(p: WidgetProps) {
  const { field } = useController({ name: p.field.name });
  const json = p.field.type === 'json';
  return (
    <Input.TextArea
      id={p.id}
      autoSize={{ minRows: json ? 6 : 3, maxRows: 16 }}
      className={json ? 'code' : undefined}
      spellCheck={json ? false : undefined}
      maxLength={p.field.maxLength ?? undefined}
      {...inputAria(p)}
      ref={field.ref}
      name={field.name}
      value={(field.value as string | null) ?? ''}
      onChange={(e) => field.onChange(e.target.value)}
      onBlur={field.onBlur}
    />
  );
}
