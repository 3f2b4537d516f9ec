import { Checkbox, Input, InputNumber, Switch } from 'antd';
import { useEffect, useId, useRef } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Select } from '../../ui/design/Select.tsx';
import { ApproversEditor, BranchesEditor, ExpressionInput, targetChoices, TimeoutEditor, ValueEditor, ValueListEditor, ValuesEditor, type EditorContext } from './editors.tsx';
import type { Doc } from './model.ts';
import { fromForm, toForm, type Prop } from './props.ts';
import type { PlacedProblem } from './validate.ts';

/**
 * The side panel's form for one step, trigger, node or settings group (react-hook-form): each
 * property as its kind says, the schema's problems under the property they point into. Every
 * change the user makes writes the item back at once (the designer re-validates on each), and
 * only the properties they changed (see `fromForm`). Keyed by the item by its parent: another
 * selection is another form.
 */
export function PropsForm({ props, value, onChange, ctx, problems, rules }: { props: readonly Prop[]; value: Doc; onChange(next: Doc): void; ctx: EditorContext; problems: readonly PlacedProblem[]; rules?: boolean }) {
  const { t } = useTranslation('processes');
  const uid = useId();
  const { control, watch } = useForm<Record<string, unknown>>({ defaultValues: toForm(props, value) });
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  useEffect(() => {
    const sub = watch((form, info) => { if (info.type === 'change') latest.current.onChange(fromForm(props, form as Record<string, unknown>, latest.current.value)); });
    return () => sub.unsubscribe();
  }, [watch, props]);
  const object = ctx.objects.find((o) => o.name === ctx.object);
  return (
    <div className="process-form">
      {props.filter((p) => !p.when || p.when(value)).map((prop) => {
        const id = `${uid}-${prop.name}`;
        const label = t(`props.${prop.name}`);
        const mine = problems.filter((p) => p.path === `/${prop.name}` || p.path.startsWith(`/${prop.name}/`));
        const errorId = mine.length ? `${id}-error` : undefined;
        const aria = { id, 'aria-invalid': mine.length ? true : undefined, 'aria-describedby': errorId };
        return (
          <div className="form-row" key={prop.name}>
            <label htmlFor={id}>{label}{prop.required ? ' *' : ''}</label>
            <Controller control={control} name={prop.name} render={({ field }) => {
              const v = field.value as any;
              const set = field.onChange;
              switch (prop.kind) {
                case 'text': case 'duration': case 'json': case 'label':
                  return <Input {...aria} value={v ?? ''} onChange={(e) => set(e.target.value)} placeholder={prop.kind === 'duration' ? 'PT24H' : undefined} />;
                case 'number':
                  return <InputNumber {...aria} value={v ?? null} onChange={(n) => set(n ?? null)} />;
                case 'switch':
                  return <Switch {...aria} size="small" checked={v === true} onChange={(on) => set(on)} />;
                case 'select':
                  return <Select {...aria} value={v ?? ''} onChange={set} options={(prop.options ?? []).map((o) => ({ value: o, label: prop.name === 'mode' ? t(`modes.${o}`) : o }))} />;
                case 'multi':
                  return (
                    <span {...aria} role="group" aria-label={label}>
                      {(prop.options ?? []).map((o) => (
                        <Checkbox key={o} checked={(v ?? []).includes(o)} onChange={(e) => set(e.target.checked ? [...(v ?? []), o] : (v ?? []).filter((x: string) => x !== o))}>{t(`options.${o}`)}</Checkbox>
                      ))}
                    </span>
                  );
                case 'object':
                  return <Select {...aria} value={v ?? ''} onChange={set} allowClear options={ctx.objects.map((o) => ({ value: o.name, label: `${o.label} (${o.name})` }))} />;
                case 'field':
                  return <Select {...aria} value={v ?? ''} onChange={set} options={(object?.fields ?? []).filter((f) => ['date', 'dateTime'].includes(f.type)).map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }))} />;
                case 'fields':
                  return <Select {...aria} mode="multiple" value={v ?? []} onChange={set} options={(object?.fields ?? []).map((f) => ({ value: f.name, label: `${f.label} (${f.name})` }))} />;
                case 'target':
                  return <Select {...aria} value={v ?? ''} onChange={set} options={targetChoices(ctx, t, true)} />;
                case 'expr':
                  return <ExpressionInput ctx={ctx} id={id} label={label} value={v ?? ''} onChange={set} invalid={mine.length > 0} describedBy={errorId} rules={rules} />;
                case 'value':
                  return <ValueEditor ctx={ctx} id={id} label={label} value={v} onChange={set} invalid={mine.length > 0} describedBy={errorId} />;
                case 'values':
                  return <ValuesEditor ctx={ctx} id={id} label={label} value={v} onChange={set} />;
                case 'valueList':
                  return <ValueListEditor ctx={ctx} id={id} label={label} value={v} onChange={set} />;
                case 'branches':
                  return <BranchesEditor ctx={ctx} id={id} value={v} onChange={set} />;
                case 'approvers':
                  return <ApproversEditor ctx={ctx} id={id} label={label} value={v} onChange={set} />;
                case 'timeout':
                  return <TimeoutEditor id={id} value={v} onChange={set} />;
                default:
                  return <span />;
              }
            }} />
            {mine.length > 0 && <span className="field-error" role="alert" id={errorId}>{mine.map((p) => `${p.path.slice(prop.name.length + 2) ? `${p.path.slice(prop.name.length + 2)}: ` : ''}${p.message}`).join('; ')}</span>}
          </div>
        );
      })}
    </div>
  );
}
