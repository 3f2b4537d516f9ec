import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import { FieldError, FormError, invalidProps } from '../../ui/FieldError.tsx';
import { FilterBuilder } from '../../ui/FilterBuilder.tsx';
import { toFilter, type FilterCondition } from '../../ui/filter.ts';
import { securityKeys, useSecurityMutation } from './api.ts';
import { ShareTargetPicker, targetInput, type Target } from './ShareTarget.tsx';

const CREATE = 'mutation($input: SharingRuleInput!) { createSharingRule(input: $input) { id } }';

/** A criteria sharing rule: records of an object matching a filter, shared with a role, group or user. */
export function SharingRuleForm({ objects, onDone }: { objects: ObjectMeta[]; onDone(): void }) {
  const { t } = useTranslation('security');
  const [object, setObject] = useState(objects[0]?.name ?? '');
  const [name, setName] = useState('');
  const [conditions, setConditions] = useState<FilterCondition[]>([]);
  const [target, setTarget] = useState<Target>({ type: 'role', value: '' });
  const [access, setAccess] = useState('READ');
  const create = useSecurityMutation<{ input: Record<string, unknown> }>(CREATE, [securityKeys.rules]);
  const fields = objects.find((o) => o.name === object)?.fields ?? [];
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    create.mutate({ input: { object, name: name || undefined, filter: toFilter(conditions, fields), shareWith: targetInput(target), access } }, { onSuccess: onDone });
  };
  return (
    <form className="panel" aria-labelledby="rule-new-title" onSubmit={submit}>
      <h2 id="rule-new-title">{t('sharing.newRuleTitle')}</h2>
      <div className="form-row">
        <label htmlFor="rule-object">{t('sharing.object')}</label>
        <select id="rule-object" value={object} onChange={(e) => { setObject(e.target.value); setConditions([]); }} {...invalidProps(create.error, 'object', 'rule-object-error')}>
          {objects.map((o) => <option key={o.name} value={o.name}>{o.label}</option>)}
        </select>
        <FieldError error={create.error} field="object" id="rule-object-error" />
      </div>
      <div className="form-row">
        <label htmlFor="rule-name">{t('sharing.ruleName')}</label>
        <input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <FilterBuilder ns="security" fields={fields} value={conditions} onChange={setConditions} idPrefix="rule-filter" />
      <FieldError error={create.error} field="filter" id="rule-filter-error" />
      <div className="form-row">
        <ShareTargetPicker value={target} onChange={setTarget} idPrefix="rule-target" />
      </div>
      <div className="form-row">
        <label htmlFor="rule-access">{t('sharing.access')}</label>
        <select id="rule-access" value={access} onChange={(e) => setAccess(e.target.value)}>
          <option value="READ">{t('sharing.accessLevels.READ')}</option>
          <option value="READ_WRITE">{t('sharing.accessLevels.READ_WRITE')}</option>
        </select>
      </div>
      <FormError error={create.error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={create.isPending}>{t('sharing.createRule')}</button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
