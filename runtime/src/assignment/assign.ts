import { LocalApi, PlatformError, updateMatching, type OperationContext, type SaveBatch } from '@tessera/platform';
import { evaluateIn } from '../workflows/values.ts';
import { isMember, objectPools, systemOf, lockOwner, withIntent, historyTable, recordsTable, type PoolItem } from '../pools/index.ts';
import { assignmentRulesOf } from './config.ts';
import type { AssignmentRuleItem } from './definition.ts';
import { loads, performance, teamOf } from './team.ts';
import { countsTable, cursorsTable, logTable } from './tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What assignment decided for one record: the rep and the rule, or why nobody took it. */
export interface Pick { id: string; owner: string | null; rule: string | null; reason: string | null }

/** Why a record was left where it was. */
export const NO_RULE = 'NO_RULE';
export const NO_CAPACITY = 'NO_CAPACITY';

const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
const idOf = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null);

/**
 * One run of the rules over some records (a create's batch, the records a manager selected): the
 * state the strategies share while it lasts — each rule's team, the reps' loads as they grow with
 * the run's own picks, the cursors and counts written back at the end. Each rule used is locked for
 * the run's transaction (an advisory lock), so concurrent runs of one rule take turns: the
 * round-robin cursor and the loads each reads are those the previous run committed.
 */
class Run {
  private teams = new Map<string, string[]>();
  private load = new Map<string, number>();
  private locked = new Set<string>();
  private cursors = new Map<string, number>();
  private counts = new Map<string, Map<string, number>>();
  private perf = new Map<string, Map<string, number>>();
  private owners = new Set<string>();

  readonly ctx: OperationContext;
  readonly object: string;
  readonly now: Date;
  constructor(ctx: OperationContext, object: string, now: Date) { this.ctx = ctx; this.object = object; this.now = now; }

  private async lockRule(rule: AssignmentRuleItem): Promise<void> {
    if (this.locked.has(rule.name)) return;
    this.locked.add(rule.name);
    await this.ctx.db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`assignment:${this.ctx.model.schema}:${rule.name}`]);
  }

  private async team(rule: AssignmentRuleItem): Promise<string[]> {
    let team = this.teams.get(rule.name);
    if (!team) {
      team = await teamOf(this.ctx.db, this.ctx.model.tenantId, rule.team);
      const unknown = team.filter((u) => !this.load.has(u));
      if (unknown.length) for (const [u, n] of await loads(this.ctx, this.object, unknown)) this.load.set(u, n);
      this.teams.set(rule.name, team);
    }
    return team;
  }

  /** A rep's capacity under the rule: the per-rep setting, else the rule's, never above the pool's cap (the guard holds it); none is unlimited. */
  capacity(rule: AssignmentRuleItem, user: string, pool: PoolItem | undefined): number {
    return Math.min(rule.capacities?.find((c) => c.user === user)?.capacity ?? rule.capacity ?? Infinity, pool?.privateCap ?? Infinity);
  }

  /** The rep's load now: what they own (as last counted) and what this run gave or took. */
  private async loadOf(user: string): Promise<number> {
    if (!this.load.has(user)) this.load.set(user, (await loads(this.ctx, this.object, [user])).get(user)!);
    return this.load.get(user)! + (this.extra.get(user) ?? 0);
  }

  /** Whether the rep can take one more: their private pool is locked first (as the pools' guard does), then counted. */
  private async hasRoom(rule: AssignmentRuleItem, user: string, pool: PoolItem | undefined): Promise<boolean> {
    const cap = this.capacity(rule, user, pool);
    if (cap === Infinity) return true;
    if (!this.owners.has(user)) {
      this.owners.add(user);
      await lockOwner(this.ctx, this.object, user);
      this.load.set(user, (await loads(this.ctx, this.object, [user])).get(user)!);
    }
    return (await this.loadOf(user)) < cap;
  }

  private extra = new Map<string, number>();
  /** One more record for the rep in this run. */
  take(user: string): void { this.extra.set(user, (this.extra.get(user) ?? 0) + 1); }
  /** A record leaving its owner (a manager re-applying the rules) frees a slot while it is decided. */
  leave(user: string): void { this.extra.set(user, (this.extra.get(user) ?? 0) - 1); }

  private async cursor(rule: AssignmentRuleItem): Promise<number> {
    if (!this.cursors.has(rule.name)) {
      const { rows } = await this.ctx.db.query<{ position: string }>(`select position from ${cursorsTable(this.ctx.model.schema)} where rule = $1`, [rule.name]);
      this.cursors.set(rule.name, Number(rows[0]?.position ?? 0));
    }
    return this.cursors.get(rule.name)!;
  }

  private async countsOf(rule: AssignmentRuleItem): Promise<Map<string, number>> {
    let counts = this.counts.get(rule.name);
    if (!counts) {
      const { rows } = await this.ctx.db.query<{ user_id: string; n: string }>(`select user_id, n from ${countsTable(this.ctx.model.schema)} where rule = $1`, [rule.name]);
      counts = new Map(rows.map((r) => [r.user_id, Number(r.n)]));
      this.counts.set(rule.name, counts);
    }
    return counts;
  }

  /** The rep the rule gives the record to, or null when the rule finds nobody with room. */
  async choose(rule: AssignmentRuleItem, record: Record<string, unknown>, pool: PoolItem | undefined): Promise<string | null> {
    await this.lockRule(rule);
    if (rule.strategy === 'named') {
      const named = await this.named(record[rule.userField!]);
      if (!named || !(await this.hasRoom(rule, named, pool))) return null;
      this.take(named);
      return named;
    }
    const team = await this.team(rule);
    if (!team.length) return null;
    const room: string[] = [];
    for (const u of team) if (await this.hasRoom(rule, u, pool)) room.push(u);
    if (!room.length) return null;
    let chosen: string;
    if (rule.strategy === 'roundRobin') {
      // The cursor counts turns: the rep at cursor mod n has the turn; a full rep's turn passes to the next.
      const p = await this.cursor(rule);
      let k = 0;
      while (!room.includes(team[(p + k) % team.length])) k++;
      chosen = team[(p + k) % team.length];
      this.cursors.set(rule.name, p + k + 1);
    } else if (rule.strategy === 'loadBalanced') {
      // Weighted by capacity: the lowest load / capacity; a rep without a capacity counts the team's largest (or 1).
      const finite = room.map((u) => this.capacity(rule, u, pool)).filter((c) => c !== Infinity);
      const fallback = finite.length ? Math.max(...finite) : 1;
      const current = new Map<string, number>();
      for (const u of room) current.set(u, await this.loadOf(u));
      const ratio = (u: string) => { const c = this.capacity(rule, u, pool); return current.get(u)! / ((c === Infinity ? fallback : c) || 1); };
      chosen = room.reduce((best, u) => (ratio(u) < ratio(best) - 1e-12 ? u : best));
    } else {
      // bestToBest: quantity balance first (only reps with the fewest records from this rule so far),
      // then the record's place in the score range picks among them by performance, best first.
      const counts = await this.countsOf(rule);
      const min = Math.min(...room.map((u) => counts.get(u) ?? 0));
      let perf = this.perf.get(rule.name);
      if (!perf) { perf = await performance(this.ctx, rule.performance!, team, this.now); this.perf.set(rule.name, perf); }
      const eligible = room.filter((u) => (counts.get(u) ?? 0) === min).sort((a, b) => perf!.get(b)! - perf!.get(a)! || team.indexOf(a) - team.indexOf(b));
      const range = rule.scoreRange ?? { min: 0, max: 100 };
      const s = Math.min(1, Math.max(0, ((num(record[rule.scoreField!]) ?? range.min) - range.min) / (range.max - range.min)));
      chosen = eligible[Math.min(eligible.length - 1, Math.floor((1 - s) * eligible.length))];
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    this.take(chosen);
    return chosen;
  }

  /** The rep a field names: a user id (a user field) or an e-mail; active users only. */
  private async named(value: unknown): Promise<string | null> {
    const v = idOf(value);
    if (!v) return null;
    const { rows } = await this.ctx.db.query<{ id: string }>(
      UUID.test(v) ? 'select id from tessera.users where tenant_id = $1 and id = $2::uuid and is_active' : 'select id from tessera.users where tenant_id = $1 and lower(email) = lower($2) and is_active', [this.ctx.model.tenantId, v]);
    return rows[0]?.id ?? null;
  }

  /** The cursors and counts the run moved, written back (in the transaction that holds the rules' locks). */
  async save(): Promise<void> {
    const schema = this.ctx.model.schema;
    for (const [rule, position] of this.cursors) {
      await this.ctx.db.query(`insert into ${cursorsTable(schema)} (rule, position) values ($1, $2) on conflict (rule) do update set position = excluded.position`, [rule, position]);
    }
    for (const [rule, counts] of this.counts) {
      if (!counts.size) continue;
      await this.ctx.db.query(`insert into ${countsTable(schema)} (rule, user_id, n) select $1, x.u, x.n from unnest($2::uuid[], $3::bigint[]) as x(u, n) on conflict (rule, user_id) do update set n = excluded.n`,
        [rule, [...counts.keys()], [...counts.values()]]);
    }
  }
}

/**
 * The rules over records, in order: each record goes to the first rule whose condition holds and
 * that finds a rep with room. `bestToBest` runs see the records best-scored first. Returns one pick
 * per record (the rep and the rule, or the reason it stays: NO_RULE, NO_CAPACITY).
 */
export async function decide(ctx: OperationContext, object: string, records: { id: string; record: Record<string, unknown>; pool?: string | null; from?: string | null }[], now: Date): Promise<Pick[]> {
  const rules = assignmentRulesOf(ctx.model, object);
  if (!rules.length || !records.length) return records.map((r) => ({ id: r.id, owner: null, rule: null, reason: NO_RULE }));
  const pools = objectPools(ctx.model, object);
  const run = new Run(ctx, object, now);
  const best = rules.find((r) => r.strategy === 'bestToBest');
  const order = records.map((r, i) => i);
  if (best) order.sort((a, b) => (num(records[b].record[best.scoreField!]) ?? -Infinity) - (num(records[a].record[best.scoreField!]) ?? -Infinity) || a - b);
  const picks: Pick[] = new Array(records.length);
  for (const i of order) {
    const { id, record, pool: poolName, from } = records[i];
    const pool = pools.find((p) => p.name === poolName) ?? pools[0];
    let matched: string | null = null;
    let owner: string | null = null;
    if (from) run.leave(from);
    for (const rule of rules) {
      if (rule.when !== undefined && evaluateIn({ model: ctx.model, object, record, now, settings: {} }, rule.when) !== true) continue;
      matched = rule.name;
      owner = await run.choose(rule, record, pool);
      if (owner) break;
    }
    if (!owner && from) run.take(from);
    picks[i] = owner ? { id, owner, rule: matched, reason: null } : { id, owner: null, rule: matched, reason: matched ? NO_CAPACITY : NO_RULE };
  }
  await run.save();
  return picks;
}

/** Writes what assignment decided to the log (the records a rule matched). */
export async function logPicks(ctx: OperationContext, object: string, picks: Pick[], now: Date): Promise<void> {
  const logged = picks.filter((p) => p.rule);
  if (!logged.length) return;
  await ctx.db.query(
    `insert into ${logTable(ctx.model.schema)} (id, object, record_id, at, rule, owner_id, reason) select gen_random_uuid(), $1, x.id, $2, x.rule, x.owner, x.reason from unnest($3::uuid[], $4::text[], $5::uuid[], $6::text[]) with ordinality as x(id, rule, owner, reason, k) order by k`,
    [object, now, logged.map((p) => p.id), logged.map((p) => p.rule), logged.map((p) => p.owner), logged.map((p) => p.reason)]);
}

/** Picks made before a create's write (the owner set on its records), kept for the bookkeeping after it. */
const pending = new WeakMap<SaveBatch, Pick[]>();

/**
 * On create, before the pools' guard: records created without an owner (none given, or null) go to
 * the rep the rules choose — the owner is set on the record before it is written, so the guard
 * holds the rep's cap in the same write. A rule matched but nobody with room: the record stays in
 * its public pool (owner null), with the reason logged.
 */
export async function assignOnCreate(ctx: OperationContext, batch: SaveBatch, now: Date): Promise<void> {
  const rules = assignmentRulesOf(ctx.model, batch.object.name);
  if (!rules.length) return;
  const candidates = batch.records.map((record, i) => ({ record, i })).filter(({ record }) => record.owner === undefined || record.owner === null);
  if (!candidates.length) return;
  const picks = await decide(ctx, batch.object.name, candidates.map(({ record, i }) => ({ id: batch.ids[i] ?? String(i), record })), now);
  const kept: Pick[] = [];
  picks.forEach((p, k) => {
    if (!p.rule) return;
    batch.records[candidates[k].i].owner = p.owner;
    kept.push({ ...p, id: String(candidates[k].i) });
  });
  if (kept.length) pending.set(batch, kept);
}

/** After a create's write: the log, and the pool history (ASSIGN, reason the rule) for pooled objects. */
export async function afterCreate(ctx: OperationContext, batch: SaveBatch, now: Date): Promise<void> {
  const kept = pending.get(batch);
  if (!kept) return;
  pending.delete(batch);
  const picks = kept.map((p) => ({ ...p, id: batch.ids[Number(p.id)] }));
  await logPicks(ctx, batch.object.name, picks, now);
  const assigned = picks.filter((p) => p.owner);
  const pools = objectPools(ctx.model, batch.object.name);
  if (!assigned.length || !pools.length) return;
  await ctx.db.query(
    `insert into ${historyTable(ctx.model.schema)} (id, object, record_id, at, action, reason, from_id, to_id, pool, actor_id)
     select gen_random_uuid(), $1, x.id, $2, 'ASSIGN', x.reason, null, x.owner, $5, $6 from unnest($3::uuid[], $4::uuid[], $7::text[]) with ordinality as x(id, owner, reason, k) order by k`,
    [batch.object.name, now, assigned.map((p) => p.id), assigned.map((p) => p.owner), pools[0].name, ctx.principal.userId ?? null, assigned.map((p) => p.rule)]);
}

/**
 * The rules over records that exist (a manager's "apply assignment rules", a dispatch that assigns):
 * the picks are written as the system through the save pipeline (the pools' guard holds caps again),
 * ASSIGN in the pool history with the rule as the reason. Records nobody can take keep their owner.
 */
export async function applyRules(op: OperationContext, object: string, ids: string[], now: Date, pointer?: (id: string) => string): Promise<Pick[]> {
  const system = systemOf(op);
  const records = await new LocalApi(system, { limits: { maxQueries: Number.MAX_SAFE_INTEGER } }).many(object, ids);
  const byId = new Map(records.map((r) => [r.id as string, r]));
  const { rows } = await op.db.query<{ record_id: string; pool: string }>(`select record_id, pool from ${recordsTable(op.model.schema)} where object = $1 and record_id = any($2::uuid[])`, [object, ids]);
  const poolOf = new Map(rows.map((r) => [r.record_id, r.pool]));
  const present = ids.filter((id) => byId.has(id));
  const picks = await decide(op, object, present.map((id) => ({ id, record: byId.get(id)!, pool: poolOf.get(id) ?? null, from: idOf(byId.get(id)!.owner) })), now);
  await logPicks(op, object, picks, now);
  const byOwner = new Map<string, Pick[]>();
  for (const p of picks) if (p.owner && p.owner !== idOf(byId.get(p.id)!.owner)) byOwner.set(p.owner, [...(byOwner.get(p.owner) ?? []), p]);
  const model = op.model.objects.get(object)!;
  for (const [owner, list] of byOwner) {
    const which = list.map((p) => p.id);
    await withIntent(op.db, { action: 'ASSIGN', ids: new Set(which), reasons: new Map(list.map((p) => [p.id, p.rule!])), actor: op.principal.userId ?? null, pointer }, () =>
      updateMatching(system, model, { id: { in: which } }, { owner }));
  }
  return picks;
}

/** `applyAssignmentRules(object, ids)`: administrators and managers of the records' pools. */
export async function applyForCaller(op: OperationContext, object: string, ids: string[], now: Date): Promise<unknown> {
  if (!op.model.objects.has(object)) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  if (new Set(ids).size !== ids.length) throw new PlatformError('BAD_USER_INPUT', 'An id is named twice', { details: [{ pointer: '/ids', message: 'ids repeat' }] });
  const bad = ids.findIndex((id) => !UUID.test(id));
  if (bad >= 0) throw new PlatformError('NOT_FOUND', `No ${object} ${ids[bad]}`, { details: [{ pointer: `/ids/${bad}`, message: 'no such record' }] });
  const table = `"${op.model.schema}"."${op.model.objects.get(object)!.catalog.tableName}"`;
  const { rows } = await op.db.query<{ id: string }>(`select id from ${table} where id = any($1::uuid[]) and "deletedAt" is null`, [ids]);
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new PlatformError('NOT_FOUND', `No ${object} ${ids[missing]}`, { details: [{ pointer: `/ids/${missing}`, message: 'no such record' }] });
  if (!op.principal.isAdmin) {
    const pools = objectPools(op.model, object);
    let manager = false;
    for (const p of pools) if (p.managers?.length && (await isMember(op.db, op.model.tenantId, p.managers, op.principal.userId!))) manager = true;
    if (!manager) throw new PlatformError('FORBIDDEN', `Only an administrator or a pool manager applies the assignment rules of ${object}`, { details: [{ pointer: '/object', message: 'not a manager' }] });
  }
  const index = new Map(ids.map((id, k) => [id, k]));
  const picks = await applyRules(op, object, ids, now, (id) => `/ids/${index.get(id)}`);
  return { assigned: picks.filter((p) => p.owner).map((p) => ({ id: p.id, owner: p.owner, rule: p.rule })), unassigned: picks.filter((p) => !p.owner).map((p) => ({ id: p.id, rule: p.rule, reason: p.reason })) };
}

/** A record's assignment log, oldest first: [{at, rule, owner, reason}] (for those who read the record). */
export async function assignmentLog(op: OperationContext, object: string, id: string, api: { get(o: string, id: string): Promise<unknown> }): Promise<unknown[]> {
  if (!op.model.objects.has(object)) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  if (!UUID.test(id) || !(await api.get(object, id))) throw new PlatformError('NOT_FOUND', `No ${object} ${id}`, { details: [{ pointer: '/id', message: 'no such record' }] });
  const { rows } = await op.db.query(`select at, rule, owner_id as owner, reason from ${logTable(op.model.schema)} where object = $1 and record_id = $2 order by n`, [object, id]);
  return rows;
}
