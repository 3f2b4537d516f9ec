import { Select as AntSelect, type SelectProps as AntSelectProps } from 'antd';
import type { RefSelectProps } from 'antd';
import type { ReactNode, Ref } from 'react';

export interface Choice<V extends string | number = string> {
  value: V;
  label: ReactNode;
  /** Text for the option's accessible name and its tooltip when `label` is not a string. */
  title?: string;
  disabled?: boolean;
}

/** A titled group of options (antd's option group): e.g. Users, Roles, Groups in one picker. */
export interface ChoiceGroup<V extends string | number = string> {
  label: ReactNode;
  title?: string;
  options: Choice<V>[];
}

export type SelectProps<V extends string | number = string> = Omit<AntSelectProps<V>, 'options' | 'virtual'> & { options: (Choice<V> | ChoiceGroup<V>)[]; ref?: Ref<RefSelectProps> };

const withValue = <V extends string | number>(o: Choice<V>) => ({ ...o, 'data-value': String(o.value) });

/**
 * antd's Select as the studio uses it: every option in the DOM with role `option` (the virtual list
 * would keep only those in view, and screen readers and tests could not reach the rest) and its value
 * on `data-value`, the way a native `<option value>` exposes it. `id`, `aria-*` reach the combobox input,
 * so a `<label htmlFor>` names it.
 */
export function Select<V extends string | number = string>({ options, popupMatchSelectWidth = false, ...props }: SelectProps<V>) {
  return (
    <AntSelect<V>
      {...props}
      virtual={false}
      popupMatchSelectWidth={popupMatchSelectWidth}
      options={options.map((o) => ('options' in o ? { ...o, options: o.options.map(withValue) } : withValue(o)))}
    />
  );
}
