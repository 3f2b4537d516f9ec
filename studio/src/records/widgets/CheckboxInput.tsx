import { useFormContext } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

/** boolean: a checkbox. */
export function CheckboxInput(p: WidgetProps) {
  const { register } = useFormContext();
  return <input id={p.id} type="checkbox" {...inputAria(p)} {...register(p.field.name)} />;
}
