import { Checkbox, Input, Switch, type InputProps } from 'antd';
import type { TextAreaProps } from 'antd/es/input';
import { useController, type Control, type FieldPath, type FieldValues, type RegisterOptions } from 'react-hook-form';
import { Select, type SelectProps } from './Select.tsx';

/**
 * antd inputs bound to react-hook-form (its Controller): the form keeps the state and the
 * validation, the control draws it. `id` and `aria-*` reach the input, so `<label htmlFor>` names it.
 */
interface Bound<T extends FieldValues> {
  control: Control<T>;
  name: FieldPath<T>;
  rules?: RegisterOptions<T, FieldPath<T>>;
}

export function FormInput<T extends FieldValues>({ control, name, rules, ...props }: Bound<T> & Omit<InputProps, 'name' | 'value' | 'onChange'>) {
  const { field } = useController({ control, name, rules });
  return <Input {...props} ref={field.ref} name={field.name} value={(field.value as string | null) ?? ''} onChange={(e) => field.onChange(e.target.value)} onBlur={field.onBlur} />;
}

export function FormTextArea<T extends FieldValues>({ control, name, rules, ...props }: Bound<T> & Omit<TextAreaProps, 'name' | 'value' | 'onChange'>) {
  const { field } = useController({ control, name, rules });
  return <Input.TextArea {...props} ref={field.ref} name={field.name} value={(field.value as string | null) ?? ''} onChange={(e) => field.onChange(e.target.value)} onBlur={field.onBlur} />;
}

export function FormSelect<T extends FieldValues>({ control, name, rules, ...props }: Bound<T> & Omit<SelectProps, 'value' | 'onChange'>) {
  const { field } = useController({ control, name, rules });
  return <Select {...props} ref={field.ref} value={(field.value as string | null) ?? ''} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} />;
}

/** A yes/no setting (required, unique, shared…): a switch, named by its `<label htmlFor>`. */
export function FormSwitch<T extends FieldValues>({ control, name, id, ...aria }: Bound<T> & { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) {
  const { field } = useController({ control, name });
  return <Switch id={id} {...aria} size="small" ref={field.ref} checked={field.value === true} onChange={(on) => field.onChange(on)} />;
}

export function FormCheckbox<T extends FieldValues>({ control, name, children, ...props }: Bound<T> & { id?: string; children?: React.ReactNode; 'aria-label'?: string }) {
  const { field } = useController({ control, name });
  return <Checkbox {...props} ref={field.ref} checked={field.value === true} onChange={(e) => field.onChange(e.target.checked)}>{children}</Checkbox>;
}
