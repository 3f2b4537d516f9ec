import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoleRow } from './api.ts';
import { roleTree, type RoleNode } from './role-tree.ts';

interface Props { roles: RoleRow[]; selected: string | null; onSelect(name: string): void }

function Branch({ nodes, selected, onSelect, level }: { nodes: RoleNode[]; selected: string | null; onSelect(name: string): void; level: number }) {
  return (
    <ul role={level === 1 ? 'tree' : 'group'} className="role-tree">
      {nodes.map((n) => (
        <li key={n.role.id} role="treeitem" aria-level={level} aria-selected={selected === n.role.name} aria-expanded={n.children.length ? true : undefined}>
          <Button type={selected === n.role.name ? 'primary' : 'text'} size="small" ghost={selected === n.role.name} onClick={() => onSelect(n.role.name)}>{n.role.name}</Button>
          {n.children.length > 0 && <Branch nodes={n.children} selected={selected} onSelect={onSelect} level={level + 1} />}
        </li>
      ))}
    </ul>
  );
}

/** The role hierarchy: a manager's role above the roles of the people they see. */
export function RoleTree({ roles, selected, onSelect }: Props) {
  const { t } = useTranslation('security');
  if (roles.length === 0) return <p className="hint">{t('roles.empty')}</p>;
  return <nav aria-label={t('roles.hierarchy')}><Branch nodes={roleTree(roles)} selected={selected} onSelect={onSelect} level={1} /></nav>;
}
