/**
 * People named by users, a role or a group, as the runtime kinds store them (MEMBERS in
 * runtime/src/schema-parts.ts: a pool's members and managers, an assignment rule's team), and as one
 * multi-select holds them: a pick per user (`user:<id>`), role (`role:<name>`) or group (`group:<name>`).
 */
export type Member = { type: 'user'; users: string[] } | { type: 'role'; role: string } | { type: 'group'; group: string };

/** A stored member list as picks, in its order (a user member gives one pick per user). */
export function toPicks(members: readonly { type: string; [k: string]: unknown }[] | undefined): string[] {
  const out: string[] = [];
  for (const m of members ?? []) {
    if (m.type === 'user') out.push(...((m.users as string[] | undefined) ?? []).map((u) => `user:${u}`));
    else if (m.type === 'role' && typeof m.role === 'string') out.push(`role:${m.role}`);
    else if (m.type === 'group' && typeof m.group === 'string') out.push(`group:${m.group}`);
  }
  return [...new Set(out)];
}

/**
 * Picks as a member list, in their order: consecutive users in one user member (the order decides a
 * round-robin's turns), each role and group a member of its own. A list saved unchanged is the same
 * people in the same order.
 */
export function fromPicks(picks: readonly string[]): Member[] {
  const out: Member[] = [];
  for (const pick of picks) {
    const at = pick.indexOf(':');
    const type = pick.slice(0, at);
    const value = pick.slice(at + 1);
    if (at < 0 || !value) continue;
    const last = out.at(-1);
    if (type === 'user') {
      if (last?.type === 'user') last.users.push(value);
      else out.push({ type: 'user', users: [value] });
    } else if (type === 'role') out.push({ type: 'role', role: value });
    else if (type === 'group') out.push({ type: 'group', group: value });
  }
  return out;
}
