import { Button, Card, Input } from 'antd';
import { useState } from 'react';
import { Select } from '../../ui/design/Select.tsx';
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
    <Card size="small" title={<h2 id="rule-new-title" className="card-heading">{t('sharing.newRuleTitle')}</h2>}>
    <form aria-labelledby="rule-new-title" onSubmit={submit}>
      <div className="form-grid">
      <div className="form-row">
        <label htmlFor="rule-object">{t('sharing.object')}</label>
        <Select id="rule-object" value={object} onChange={(o) => { setObject(o); setConditions([]); }} {...invalidProps(create.error, 'object', 'rule-object-error')}
          options={objects.map((o) => ({ value: o.name, label: o.label }))} />
        <FieldError error={create.error} field="object" id="rule-object-error" />
      </div>
      <div className="form-row">
        <label htmlFor="rule-name">{t('sharing.ruleName')}</label>
        <Input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      </div>
      <FilterBuilder ns="security" fields={fields} value={conditions} onChange={setConditions} idPrefix="rule-filter" />
      <FieldError error={create.error} field="filter" id="rule-filter-error" />
      <div className="form-row">
        <ShareTargetPicker value={target} onChange={setTarget} idPrefix="rule-target" />
      </div>
      <div className="form-row">
        <label htmlFor="rule-access">{t('sharing.access')}</label>
        <Select id="rule-access" value={access} onChange={setAccess} className="rule-access"
          options={[{ value: 'READ', label: t('sharing.accessLevels.READ') }, { value: 'READ_WRITE', label: t('sharing.accessLevels.READ_WRITE') }]} />
      </div>
      <FormError error={create.error} />
      <div className="toolbar">
        <Button type="primary" htmlType="submit" loading={create.isPending}>{t('sharing.createRule')}</Button>
        <Button onClick={onDone}>{t('cancel')}</Button>
      </div>
    </form>
    </Card>
  );
}
