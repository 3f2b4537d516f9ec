import { Checkbox } from 'antd';
import { useState } from 'react';
import { Select } from '../../ui/design/Select.tsx';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import type { FieldPermission } from './api.ts';
import { fieldAccess, setFieldAccess } from './permissions.ts';

interface Props {
  objects: ObjectMeta[];
  value: FieldPermission[];
  onChange(next: FieldPermission[]): void;
  idPrefix: string;
}

/** Read and edit rights per field of one object at a time (unlisted fields are fully accessible). */
export function FieldPermissions({ objects, value, onChange, idPrefix }: Props) {
  const { t } = useTranslation('security');
  const [objectName, setObjectName] = useState(objects[0]?.name ?? '');
  const object = objects.find((o) => o.name === objectName);
  return (
    <div className="field-permissions">
      <label htmlFor={`${idPrefix}-fp-object`}>{t('permissions.fieldObject')}</label>{' '}
      <Select id={`${idPrefix}-fp-object`} value={objectName} onChange={setObjectName} className="fp-object" options={objects.map((o) => ({ value: o.name, label: o.label }))} />
      {object && (
        <table className="matrix-table">
          <caption>{t('permissions.fieldCaption', { object: object.label })}</caption>
          <thead>
            <tr><th scope="col">{t('permissions.field')}</th><th scope="col">{t('permissions.fieldRead')}</th><th scope="col">{t('permissions.fieldUpdate')}</th></tr>
          </thead>
          <tbody>
            {object.fields.map((f) => {
              const access = fieldAccess(value, object.name, f.name);
              return (
                <tr key={f.name}>
                  <th scope="row">{f.label}</th>
                  {(['read', 'update'] as const).map((right) => (
                    <td key={right}>
                      <Checkbox checked={access[right]}
                        aria-label={t('permissions.fieldCell', { field: f.label, right: t(right === 'read' ? 'permissions.fieldRead' : 'permissions.fieldUpdate') })}
                        onChange={(e) => onChange(setFieldAccess(value, object.name, f.name, right, e.target.checked))} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
