import type { RoleRow } from './api.ts';

export interface RoleNode { role: RoleRow; children: RoleNode[] }

/** The roles as a forest (roots first, children by name); a role whose parent is missing is a root. */
export function roleTree(roles: RoleRow[]): RoleNode[] {
  const byName = new Map(roles.map((r) => [r.name, { role: r, children: [] as RoleNode[] }]));
  const roots: RoleNode[] = [];
  for (const node of [...byName.values()].sort((a, b) => a.role.name.localeCompare(b.role.name))) {
    const parent = node.role.parent ? byName.get(node.role.parent.name) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The names of a role and everything below it (a role cannot move under these). */
export function subtreeNames(roles: RoleRow[], name: string): Set<string> {
  const out = new Set([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of roles) if (r.parent && out.has(r.parent.name) && !out.has(r.name)) { out.add(r.name); grew = true; }
  }
  return out;
}
