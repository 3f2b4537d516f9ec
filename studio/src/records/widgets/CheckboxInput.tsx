import { Checkbox } from 'antd';
import { useController } from 'react-hook-form';
import { inputAria, type WidgetProps } from './types.ts';

/** boolean: a checkbox (a record's yes/no value; switches are for settings). */
export function CheckboxInput(p: WidgetProps) {
  const { field } = useController({ name: p.field.name });
  const { status: _status, ...aria } = inputAria(p);
  return <Checkbox id={p.id} {...aria} ref={field.ref} name={field.name} checked={field.value === true} onChange={(e) => field.onChange(e.target.checked)} onBlur={field.onBlur} />;
}
