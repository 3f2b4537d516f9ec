import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';
import { CAPABILITIES } from './permissions.ts';

/** Admin capabilities as labelled checkboxes. */
export function Capabilities({ value, onChange }: { value: string[]; onChange(next: string[]): void }) {
  const { t } = useTranslation('security');
  return (
    <fieldset className="capabilities">
      <legend>{t('permissions.capabilities')}</legend>
      {CAPABILITIES.map((c) => (
        <Checkbox key={c} checked={value.includes(c)} onChange={(e) => onChange(e.target.checked ? [...value, c] : value.filter((x) => x !== c))}>
          {t(`permissions.capability.${c}`)}
        </Checkbox>
      ))}
    </fieldset>
  );
}
