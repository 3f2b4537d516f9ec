import { Input } from 'antd';
import { useController } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { COMPOSITE_PARTS } from '../../ui/composite-kinds.ts';
import { Select } from '../../ui/design/Select.tsx';
import { countryCodes, countryName } from '../../ui/composite-kinds.ts';
import { inputAria, type WidgetProps } from './types.ts';

function PartInput({ p, part, kind, first }: { p: WidgetProps; part: string; kind: string; first: boolean }) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: `${p.field.name}.${part}` });
  const input = (
    <Input id={first ? p.id : `${p.id}-${part}`} className={`part-${part}`} {...inputAria(p)}
      aria-required={first && p.required ? true : undefined}
      type={kind === 'date' ? 'date' : 'text'} inputMode={kind === 'number' ? 'decimal' : undefined}
      placeholder={first ? t(`form.parts.${part}`) : undefined}
      ref={field.ref} name={field.name} value={(field.value as string | null) ?? ''}
      onChange={(e) => field.onChange(e.target.value)} onBlur={field.onBlur} />
  );
  // The first part is labelled by the field's own label; the others by their part's name.
  if (first) return input;
  return <label className="sub-label">{t(`form.parts.${part}`)}{input}</label>;
}

/**
 * address, fullName, dateRange, locationAddress: one input per part of the value (the first
 * labelled by the field, the others by their part); the form turns them into the API's object.
 */
export function CompositeInput(p: WidgetProps) {
  const parts = COMPOSITE_PARTS[p.field.type] ?? [];
  // A name is typed given name first in forms, whatever order it is stored and sorted in.
  const ordered = p.field.type === 'fullName' ? [parts[1], parts[2], parts[0]] : parts;
  return (
    <span className={`compound composite-${p.field.type}`}>
      {ordered.map((part, i) => <PartInput key={part.name} p={p} part={part.name} kind={part.kind} first={i === 0} />)}
    </span>
  );
}

/** `UTC+08:00`: a zone's offset now, for the list of time zones. */
function offsetOf(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return part?.value.replace('GMT', 'UTC') || 'UTC';
  } catch {
    return '';
  }
}

/** timeZone: a searchable drop-down of the IANA zones, each with its current offset. */
export function TimeZoneInput(p: WidgetProps) {
  const { t } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return (
    <Select id={p.id} className="time-zone-input" showSearch optionFilterProp="label" {...inputAria(p)}
      ref={field.ref} value={(field.value as string | null) ?? ''} onChange={(v) => field.onChange(v)} onBlur={field.onBlur}
      options={[{ value: '', label: t('form.none') }, ...zones.map((z) => ({ value: z, label: `${z} (${offsetOf(z)})` }))]} />
  );
}

/** country: a drop-down of the ISO 3166-1 codes the field accepts, named in the UI language, sorted by name. */
export function CountryInput(p: WidgetProps) {
  const { t, i18n } = useTranslation('records');
  const { field } = useController({ name: p.field.name });
  const language = i18n.language || 'en';
  const options = countryCodes(p.field).map((code) => ({ value: code, label: countryName(code, language) })).sort((a, b) => a.label.localeCompare(b.label, language));
  return (
    <Select id={p.id} className="country-input" showSearch optionFilterProp="label" {...inputAria(p)}
      ref={field.ref} value={(field.value as string | null) ?? ''} onChange={(v) => field.onChange(v)} onBlur={field.onBlur}
      options={[{ value: '', label: t('form.none') }, ...options]} />
  );
}
