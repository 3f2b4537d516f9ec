import type { FieldMeta } from '../../api/metadata.ts';

/** What every widget gets: the field, its input id, and the ids that describe it (help, error). */
export interface WidgetProps {
  field: FieldMeta;
  id: string;
  required: boolean;
  readOnly: boolean;
  invalid: boolean;
  describedBy: string | undefined;
}

/** The attributes every input of a widget carries (antd passes `aria-*` on to its input element). */
export function inputAria(p: WidgetProps) {
  return {
    'aria-invalid': p.invalid ? (true as const) : undefined,
    'aria-describedby': p.describedBy,
    'aria-required': p.required ? (true as const) : undefined,
    disabled: p.readOnly,
    status: p.invalid ? ('error' as const) : undefined,
  };
}
