import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, useObjects, type ObjectMeta } from '../../api/metadata.ts';
import { metadataApi } from '../../api/graphql.ts';
import { FormError } from '../../ui/FieldError.tsx';
import { describeFilter } from '../../ui/filter.ts';
import { securityKeys, useSecurityMutation, useSharingRules } from './api.ts';
import { SharingRuleForm } from './SharingRuleForm.tsx';
import { useTargetName } from './ShareTarget.tsx';

const MODELS = ['PRIVATE', 'PUBLIC_READ', 'PUBLIC_READ_WRITE'] as const;
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
    <tr>
      <th scope="row">{object.label}</th>
      <td>
        <select aria-label={t('sharing.defaultFor', { object: object.label })} value={value} onChange={(e) => setValue(e.target.value)}>
          {MODELS.map((m) => <option key={m} value={m}>{t(`sharing.models.${m}`)}</option>)}
        </select>
        <FormError error={error} />
      </td>
      <td>
        <button type="button" disabled={saving || value === object.sharing} onClick={save}>{t('sharing.saveDefault', { object: object.label })}</button>
      </td>
    </tr>
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
    <div>
      <table className="grid">
        <caption>{t('sharing.defaultsCaption')}</caption>
        <thead><tr><th scope="col">{t('sharing.object')}</th><th scope="col">{t('sharing.default')}</th><th scope="col"><span className="visually-hidden">{t('actions')}</span></th></tr></thead>
        <tbody>{objects.map((o) => <DefaultRow key={`${o.name}:${o.sharing}`} object={o} />)}</tbody>
      </table>
      <table className="grid">
        <caption>{t('sharing.rulesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sharing.object')}</th><th scope="col">{t('sharing.ruleName')}</th><th scope="col">{t('sharing.criteria')}</th>
            <th scope="col">{t('sharing.shareWith')}</th><th scope="col">{t('sharing.access')}</th><th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          {(rules.data ?? []).map((r) => {
            const [type, id] = Object.entries(r.shareWith)[0] ?? ['', ''];
            return (
              <tr key={r.id}>
                <td>{label(r.object)}</td>
                <td>{r.name ?? ''}</td>
                <td><code>{describeFilter(r.filter)}</code></td>
                <td>{t(`target.types.${type}`)}: {nameOf(type, id)}</td>
                <td>{t(`sharing.accessLevels.${r.access}`)}</td>
                <td><button type="button" className="danger" onClick={() => remove.mutate({ id: r.id })}>{t('sharing.deleteRule', { name: r.name ?? label(r.object) })}</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FormError error={remove.error} />
      {creating ? <SharingRuleForm objects={objects} onDone={() => setCreating(false)} /> : <button type="button" onClick={() => setCreating(true)}>{t('sharing.newRule')}</button>}
    </div>
  );
}
