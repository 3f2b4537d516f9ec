import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectPermission } from './api.ts';
import { emptyPermission, OBJECT_RIGHTS, setObjectPermission, toggleRight } from './permissions.ts';

interface Props {
  objects: { name: string; label: string }[];
  value: ObjectPermission[];
  onChange(next: ObjectPermission[]): void;
}

/** Objects × rights (read, create, update, delete, view all, modify all): one labelled checkbox per cell. */
export function PermissionMatrix({ objects, value, onChange }: Props) {
  const { t } = useTranslation('security');
  return (
    // A table with row headers (objects) and column headers (rights), drawn like antd's Table.
    <table className="matrix-table permission-matrix">
      <caption>{t('permissions.objectCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('permissions.object')}</th>
          {OBJECT_RIGHTS.map((r) => <th scope="col" key={r}>{t(`permissions.rights.${r}`)}</th>)}
        </tr>
      </thead>
      <tbody>
        {objects.map((o) => {
          const p = value.find((x) => x.object === o.name) ?? emptyPermission(o.name);
          return (
            <tr key={o.name}>
              <th scope="row">{o.label}</th>
              {OBJECT_RIGHTS.map((r) => (
                <td key={r}>
                  <Checkbox checked={p[r]} aria-label={t('permissions.cell', { object: o.label, right: t(`permissions.rights.${r}`) })}
                    onChange={(e) => onChange(setObjectPermission(value, toggleRight(p, r, e.target.checked)))} />
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
