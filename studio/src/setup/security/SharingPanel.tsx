import { Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { PlusOutlined } from '../../ui/design/icons.tsx';
import { Select } from '../../ui/design/Select.tsx';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, useObjects, type ObjectMeta } from '../../api/metadata.ts';
import { metadataApi } from '../../api/graphql.ts';
import { FormError } from '../../ui/FieldError.tsx';
import { describeFilter } from '../../ui/filter.ts';
import { securityKeys, useSecurityMutation, useSharingRules } from './api.ts';
import { SharingRuleForm } from './SharingRuleForm.tsx';
import { useTargetName } from './ShareTarget.tsx';

const MODELS = ['PRIVATE', 'PUBLIC_READ', 'PUBLIC_READ_WRITE'] as const;
type Rule = NonNullable<ReturnType<typeof useSharingRules>['data']>[number];

const DELETE_RULE = 'mutation($id: ID!) { deleteSharingRule(id: $id) { id } }';

function DefaultRow({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation('security');
  const invalidate = useInvalidateMetadata();
  const [value, setValue] = useState(object.sharing);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await metadataApi('mutation($name: String!, $input: ObjectUpdateInput!) { updateObject(name: $name, input: $input) { name sharing } }', { name: object.name, input: { sharing: value } });
      await invalidate();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space wrap>
      <Select aria-label={t('sharing.defaultFor', { object: object.label })} value={value} onChange={setValue} className="sharing-model"
        options={MODELS.map((m) => ({ value: m, label: t(`sharing.models.${m}`) }))} />
      <Button size="small" disabled={value === object.sharing} loading={saving} onClick={save}>{t('sharing.saveDefault', { object: object.label })}</Button>
      <FormError error={error} />
    </Space>
  );
}

/** Organization-wide defaults per object, and criteria sharing rules that open records up again. */
export function SharingPanel() {
  const { t } = useTranslation('security');
  const objects = useObjects().data ?? [];
  const rules = useSharingRules();
  const nameOf = useTargetName();
  const [creating, setCreating] = useState(false);
  const remove = useSecurityMutation<{ id: string }>(DELETE_RULE, [securityKeys.rules]);
  const label = (name: string) => objects.find((o) => o.name === name)?.label ?? name;
  return (
    <div className="stack">
      <Table<ObjectMeta> size="middle" rowKey="name" pagination={false} dataSource={objects} aria-label={t('sharing.defaultsCaption')} scroll={{ x: 'max-content' }}
        columns={[
          { key: 'object', title: t('sharing.object'), render: (_, o) => o.label },
          { key: 'default', title: t('sharing.default'), render: (_, o) => <DefaultRow key={`${o.name}:${o.sharing}`} object={o} /> },
        ]} />
      <Table<Rule> size="middle" rowKey="id" pagination={false} dataSource={rules.data ?? []} aria-label={t('sharing.rulesCaption')} scroll={{ x: 'max-content' }}
        columns={[
          { key: 'object', title: t('sharing.object'), render: (_, r) => label(r.object) },
          { key: 'name', title: t('sharing.ruleName'), render: (_, r) => r.name ?? '' },
          { key: 'criteria', title: t('sharing.criteria'), render: (_, r) => <Typography.Text code>{describeFilter(r.filter)}</Typography.Text> },
          { key: 'with', title: t('sharing.shareWith'), render: (_, r) => { const [type, id] = Object.entries(r.shareWith)[0] ?? ['', '']; return `${t(`target.types.${type}`)}: ${nameOf(type, id)}`; } },
          { key: 'access', title: t('sharing.access'), render: (_, r) => t(`sharing.accessLevels.${r.access}`) },
          { key: 'actions', title: <span className="visually-hidden">{t('actions')}</span>, render: (_, r) => <Button size="small" danger onClick={() => remove.mutate({ id: r.id })}>{t('sharing.deleteRule', { name: r.name ?? label(r.object) })}</Button> },
        ]} />
      <FormError error={remove.error} />
      {creating ? <SharingRuleForm objects={objects} onDone={() => setCreating(false)} /> : <div><Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('sharing.newRule')}</Button></div>}
    </div>
  );
}
