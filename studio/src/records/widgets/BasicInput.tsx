import { Input } from 'antd';
import { useController } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

const INPUT_TYPES: Record<string, string> = { text: 'text', email: 'email', phone: 'tel', url: 'url', uuid: 'text' };

/** One-line text inputs: text, email, phone, url, uuid (the type gives phones the right keyboard). */
export function BasicInput(p: WidgetProps) {
  const { field } = useController({ name: p.field.name });
  return (
    <Input
      id={p.id}
      type={INPUT_TYPES[p.field.type] ?? 'text'}
      maxLength={p.field.maxLength ?? undefined}
      spellCheck={p.field.type === 'uuid' ? false : undefined}
      {...inputAria(p)}
      ref={field.ref}
      name={field.name}
      value={(field.value as string | null) ?? ''}
      onChange={(e) => field.onChange(e.target.value)}
      onBlur={field.onBlur}
    />
  );
}
