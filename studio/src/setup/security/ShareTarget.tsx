import { useTranslation } from 'react-i18next';
import { Select } from '../../ui/design/Select.tsx';
import { useGroups, useRoles, useUsers } from './api.ts';

export const TARGET_TYPES = ['user', 'role', 'roleAndSubordinates', 'group'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];
export interface Target { type: TargetType; value: string }

/** As the API takes it: users by id, roles and groups by name. */
export const targetInput = (t: Target) => ({ [t.type]: t.value });

/** A stored target (`{type, id}`) named for people: the user's, role's or group's name. */
export function useTargetName(): (type: string, id: string) => string {
  const users = useUsers().data ?? [];
  const roles = useRoles().data ?? [];
  const groups = useGroups().data ?? [];
  return (type, id) => (type === 'user' ? users.find((u) => u.id === id)?.name : type === 'group' ? groups.find((g) => g.id === id)?.name : roles.find((r) => r.id === id)?.name) ?? id;
}

/** Who to share with (or add to a group): the kind, then one of them. */
export function ShareTargetPicker({ value, onChange, idPrefix, exclude }: { value: Target; onChange(t: Target): void; idPrefix: string; exclude?: TargetType[] }) {
  const { t } = useTranslation('security');
  const users = useUsers().data ?? [];
  const roles = useRoles().data ?? [];
  const groups = useGroups().data ?? [];
  const options = value.type === 'user' ? users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))
    : value.type === 'group' ? groups.map((g) => ({ value: g.name, label: g.name }))
    : roles.map((r) => ({ value: r.name, label: r.name }));
  return (
    <span className="share-target">
      <label htmlFor={`${idPrefix}-type`}>{t('target.type')}</label>
      <Select<TargetType> id={`${idPrefix}-type`} value={value.type} onChange={(type) => onChange({ type, value: '' })} className="target-type"
        options={TARGET_TYPES.filter((k) => !exclude?.includes(k)).map((k) => ({ value: k, label: t(`target.types.${k}`) }))} />
      <label htmlFor={`${idPrefix}-value`}>{t('target.value')}</label>
      <Select id={`${idPrefix}-value`} value={value.value} onChange={(v) => onChange({ ...value, value: v })} className="target-value" aria-required
        options={[{ value: '', label: '' }, ...options]} />
    </span>
  );
}
