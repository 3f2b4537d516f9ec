import type pg from 'pg';
import { PlatformError, type OperationContext, type PluginServices, type SaveBatch } from '@tessera/platform';
import { after, deadline, isMember, objectPools, startOfDay } from './config.ts';
import type { PoolItem } from './definition.ts';
import { historyTable, recordsTable } from './tables.ts';

export type PoolAction = 'CLAIM' | 'ASSIGN' | 'RELEASE' | 'RECYCLE' | 'TRANSFER' | 'REACTIVATE' | 'DISPATCH';

/**
 * What a pool operation says about the owner changes it is about to write (the save hook cannot
 * tell a claim from an assignment by the values alone): the action, the reason, the target pool,
 * and where each record is in the caller's input (a refusal points there). Keyed by the
 * transaction's client: an operation and its writes share it; only the ids named take it.
 */
export interface Intent {
  action: PoolAction;
  ids: Set<string>;
  reason?: string | null;
  reasons?: Map<string, string>;
  pool?: string;
  actor?: string | null;
  pointer?: (id: string) => string;
  /** The records' owners and pools when the operation read them already (a sweep): the guard need not read them again. */
  known?: Map<string, { ownerId: string | null; pool: string }>;
}
const intents = new WeakMap<pg.PoolClient, Intent>();
export const intentOf = (db: pg.PoolClient): Intent | undefined => intents.get(db);

export async function withIntent<T>(db: pg.PoolClient, intent: Intent, work: () => Promise<T>): Promise<T> {
  const previous = intents.get(db);
  intents.set(db, intent);
  try {
    return await work();
  } finally {
    if (previous) intents.set(db, previous);
    else intents.delete(db);
  }
}

/** One record entering or leaving a private pool in a write. */
export interface Move { index: number; id: string; from: string | null; to: string | null; pool: string; action: PoolAction | null; reason: string | null; actor: string | null }
const moves = new WeakMap<SaveBatch, Move[]>();

export const tableOf = (ctx: OperationContext, object: string) => `"${ctx.model.schema}"."${ctx.model.objects.get(object)!.catalog.tableName}"`;

export const limitExceeded = (rule: string, message: string, pointer: string, extensions: Record<string, unknown>) =>
  new PlatformError('LIMIT_EXCEEDED', message, { details: [{ pointer, message, rule }], extensions: { rule, ...extensions } });

/** How many records of the object the user owns: their private pool. */
export async function privateCount(db: pg.PoolClient, ctx: OperationContext, object: string, owner: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${tableOf(ctx, object)} where "ownerId" = $1 and "deletedAt" is null`, [owner]);
  return rows[0].n;
}

/** Claims of the object's records by the user since the local midnight of the pool's zone. */
export async function claimedToday(ctx: OperationContext, object: string, user: string, now: Date, zone = 'Asia/Shanghai'): Promise<number> {
  const { rows } = await ctx.db.query<{ n: number }>(`select count(*)::int as n from ${historyTable(ctx.model.schema)} where object = $1 and actor_id = $2 and action = 'CLAIM' and at >= $3`, [object, user, startOfDay(now, zone)]);
  return rows[0].n;
}

/** Serializes everything that fills one user's private pool of one object (two claims at once cannot pass a cap together). */
export async function lockOwner(ctx: OperationContext, object: string, owner: string): Promise<void> {
  await ctx.db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`pools:${ctx.model.schema}:${object}:${owner}`]);
}

/**
 * The guard, a save hook before the write: every owner change of a record of a pooled object —
 * whatever wrote it (GraphQL single or bulk, upsert, import, scripts' ctx.db, commands, workflows,
 * approval outcomes) — is checked against the cap of the record's pool, and a claim (a user taking
 * a record of a public pool for themselves) against membership, the cooldown and the daily quota.
 * Refusals are `LIMIT_EXCEEDED` naming the rule. Each owner's private pool is locked first.
 */
export async function guard(ctx: OperationContext, batch: SaveBatch, now: Date): Promise<void> {
  const pools = objectPools(ctx.model, batch.object.name);
  if (!pools.length) return;
  const byName = new Map(pools.map((p) => [p.name, p]));
  const intent = intents.get(ctx.db);
  const intended = (id: string) => (intent?.ids.has(id) ? intent : undefined);
  const user = ctx.principal.userId ?? null;
  const pointer = (m: Move) => intended(m.id)?.pointer?.(m.id) ?? (batch.kind === 'restore' ? '/id' : `${batch.pointer ? batch.pointer(m.index) : `/data/${m.index}`}/owner`);
  const list: Move[] = [];
  if (batch.kind === 'restore') {
    // A restored record comes back into its owner's private pool: it counts against the cap again.
    const { rows } = await ctx.db.query<{ id: string; ownerId: string | null; pool: string | null }>(
      `select t.id, t."ownerId", s.pool from ${tableOf(ctx, batch.object.name)} t left join ${recordsTable(ctx.model.schema)} s on s.object = $2 and s.record_id = t.id and s.record_id = any($1::uuid[]) where t.id = any($1::uuid[]) and t."deletedAt" is not null`, [batch.ids, batch.object.name]);
    rows.forEach((r) => list.push({ index: batch.ids.indexOf(r.id), id: r.id, from: null, to: r.ownerId, pool: r.pool && byName.has(r.pool) ? r.pool : pools[0].name, action: null, reason: null, actor: user }));
  } else if (batch.kind === 'create') {
    batch.records.forEach((r, index) => {
      const to = typeof r.owner === 'string' ? r.owner : r.owner === null ? null : user;
      const i = intended(batch.ids[index]);
      list.push({ index, id: batch.ids[index], from: null, to, pool: i?.pool ?? pools[0].name, action: i?.action ?? null, reason: i?.reason ?? null, actor: i?.actor ?? user });
    });
  } else {
    const written = batch.records.flatMap((r, index) => ('owner' in r || intended(batch.ids[index])?.pool !== undefined ? [index] : []));
    if (!written.length) return;
    const ids = written.map((i) => batch.ids[i]);
    // Locked already: audit.before read them FOR UPDATE (this hook runs after it).
    const known = intent?.known;
    const { rows } = known && ids.every((id) => known.has(id)) ? { rows: ids.map((id) => ({ id, ...known.get(id)! })) } : await ctx.db.query<{ id: string; ownerId: string | null; pool: string | null }>(
      `select t.id, t."ownerId", s.pool from ${tableOf(ctx, batch.object.name)} t left join ${recordsTable(ctx.model.schema)} s on s.object = $2 and s.record_id = t.id and s.record_id = any($1::uuid[]) where t.id = any($1::uuid[])`, [ids, batch.object.name]);
    const old = new Map(rows.map((r) => [r.id, r]));
    for (const index of written) {
      const id = batch.ids[index];
      const before = old.get(id);
      if (!before) continue;
      const i = intended(id);
      const to = 'owner' in batch.records[index] ? (batch.records[index].owner as string | null) : before.ownerId;
      // An operation naming a pool moves the record there even when its owner stays (a public record transferred).
      const repool = i?.pool !== undefined;
      if (to === before.ownerId && !repool) continue;
      const action: PoolAction = i?.action ?? (to === null ? 'RELEASE' : before.ownerId === null && to === user ? 'CLAIM' : 'ASSIGN');
      const pool = i?.pool ?? (before.pool && byName.has(before.pool) ? before.pool : pools[0].name);
      list.push({ index, id, from: before.ownerId, to, pool, action, reason: i?.reasons?.get(id) ?? i?.reason ?? null, actor: i?.actor ?? user });
    }
  }
  if (!list.length) return;
  const incoming = new Map<string, Move[]>();
  // In the caller's order (a pool operation's ids; a bulk write's records), so the refusal points at the first record past the limit.
  const rank = (m: Move) => { const p = intended(m.id)?.pointer?.(m.id); return p ? Number(p.split('/').pop()) : m.index; };
  for (const m of [...list].sort((a, b) => rank(a) - rank(b))) if (m.to !== null && m.to !== m.from) incoming.set(m.to, [...(incoming.get(m.to) ?? []), m]);
  for (const owner of [...incoming.keys()].sort()) {
    const entering = incoming.get(owner)!;
    await lockOwner(ctx, batch.object.name, owner);
    const capped = entering.filter((m) => byName.get(m.pool)?.privateCap !== undefined);
    if (capped.length) {
      const count = await privateCount(ctx.db, ctx, batch.object.name, owner);
      entering.forEach((m, k) => {
        const cap = byName.get(m.pool)?.privateCap;
        if (cap !== undefined && count + k + 1 > cap) {
          throw limitExceeded('privateCap', `The private pool of ${batch.object.name} of user ${owner} is full: ${count} of ${cap} (rule privateCap of pool ${m.pool})`, pointer(m), { pool: m.pool, object: batch.object.name, owner, limit: cap, count });
        }
      });
    }
    const claims = entering.filter((m) => m.action === 'CLAIM');
    if (claims.length) await checkClaims(ctx, batch.object.name, owner, claims, byName, now, pointer);
  }
  moves.set(batch, list);
}

async function checkClaims(ctx: OperationContext, object: string, user: string, claims: Move[], byName: Map<string, PoolItem>, now: Date, pointer: (m: Move) => string): Promise<void> {
  for (const m of claims) {
    const pool = byName.get(m.pool)!;
    if (!ctx.principal.isAdmin && !(await isMember(ctx.db, ctx.model.tenantId, pool.members, user))) {
      throw new PlatformError('FORBIDDEN', `User ${user} is not a member of the pool ${pool.name}`, { details: [{ pointer: pointer(m), message: 'not a member of the pool' }] });
    }
  }
  const cooling = claims.filter((m) => byName.get(m.pool)!.reclaimCooldown);
  if (cooling.length) {
    const { rows } = await ctx.db.query<{ record_id: string; at: Date }>(
      `select distinct on (record_id) record_id, at from ${historyTable(ctx.model.schema)} where object = $1 and record_id = any($2::uuid[]) and from_id = $3 and action in ('RELEASE', 'RECYCLE') order by record_id, n desc`,
      [object, cooling.map((m) => m.id), user]);
    for (const row of rows) {
      const m = cooling.find((c) => c.id === row.record_id)!;
      const pool = byName.get(m.pool)!;
      const until = after(new Date(row.at), pool.reclaimCooldown!);
      if (until > now) throw limitExceeded('reclaimCooldown', `User ${user} gave back the ${object} ${m.id}; it may be claimed again from ${until.toISOString()} (rule reclaimCooldown of pool ${pool.name})`, pointer(m), { pool: pool.name, object, until: until.toISOString(), cooldown: pool.reclaimCooldown });
    }
  }
  const quotas = claims.filter((m) => byName.get(m.pool)!.dailyClaimQuota !== undefined);
  if (quotas.length) {
    const zone = byName.get(quotas[0].pool)!.timeZone ?? 'Asia/Shanghai';
    const done = await claimedToday(ctx, object, user, now, zone);
    quotas.forEach((m, k) => {
      const quota = byName.get(m.pool)!.dailyClaimQuota!;
      if (done + k + 1 > quota) throw limitExceeded('dailyClaimQuota', `User ${user} claimed ${done} of ${object} today; the daily quota is ${quota} (rule dailyClaimQuota of pool ${m.pool})`, pointer(m), { pool: m.pool, object, limit: quota, count: done });
    });
  }
}

export const DUE_TIMER = (object: string, id: string) => `pools:due:${object}:${id}`;
export const REMIND_TIMER = (object: string, id: string) => `pools:remind:${object}:${id}`;
/** Past this many moves in one write (a sweep's batch), timers are not cancelled one by one: a stale one finds nothing due when it fires. */
const CANCEL_MAX = 50;

/**
 * After the write: the records' pool rows follow (owner, the clock of their private pool, their next
 * deadline and reminder), the history gets one row per move, and timers move with the deadlines.
 */
export async function track(ctx: OperationContext, batch: SaveBatch, services: PluginServices, now: Date): Promise<void> {
  const list = moves.get(batch);
  if (!list?.length) return;
  moves.delete(batch);
  const pools = new Map((objectPools(ctx.model, batch.object.name)).map((p) => [p.name, p]));
  const object = batch.object.name;
  const rows = list.map((m) => {
    const pool = pools.get(m.pool);
    const owned = m.to !== null;
    const due = owned ? deadline(pool, { entered_at: now, first_follow_up_at: null, last_follow_up_at: null }) : null;
    const remind = due && pool?.remindBefore ? new Date(due.at.getTime() - (after(now, pool.remindBefore).getTime() - now.getTime())) : null;
    return { m, due, remind: remind && remind > now ? remind : null };
  });
  // Existing rows are updated by key (an index lookup each), new records' rows inserted.
  const params = [object, now, rows.map((r) => r.m.id), rows.map((r) => r.m.pool), rows.map((r) => r.m.to), rows.map((r) => r.due?.at ?? null), rows.map((r) => r.due?.reason ?? null), rows.map((r) => r.remind)];
  const x = 'unnest($3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[], $7::text[], $8::timestamptz[]) as x(id, pool, owner, due, reason, remind)';
  let updated = 0;
  if (batch.kind !== 'create') {
    updated = (await ctx.db.query(
      `update ${recordsTable(ctx.model.schema)} as r set pool = x.pool, owner_id = x.owner, entered_at = case when x.owner is null then null else $2::timestamptz end,
         first_follow_up_at = null, last_follow_up_at = null, due_at = x.due, due_reason = x.reason, remind_at = x.remind, reminded_at = null
       from ${x} where r.object = $1 and r.record_id = x.id`, params)).rowCount ?? 0;
  }
  if (updated < rows.length) await ctx.db.query(
    `insert into ${recordsTable(ctx.model.schema)} (object, record_id, pool, owner_id, entered_at, due_at, due_reason, remind_at)
     select $1, x.id, x.pool, x.owner, case when x.owner is null then null else $2::timestamptz end, x.due, x.reason, x.remind from ${x}
     on conflict (object, record_id) do nothing`, params);
  const events = list.filter((m) => m.action !== null);
  if (events.length) {
    await ctx.db.query(
      `insert into ${historyTable(ctx.model.schema)} (id, object, record_id, at, action, reason, from_id, to_id, pool, actor_id)
       select gen_random_uuid(), $1, x.id, $2, x.action, x.reason, x.from_id, x.to_id, x.pool, x.actor from unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[]) with ordinality as x(id, action, reason, from_id, to_id, pool, actor, k) order by k`,
      [object, now, events.map((m) => m.id), events.map((m) => m.action), events.map((m) => m.reason), events.map((m) => m.from), events.map((m) => m.to), events.map((m) => m.pool), events.map((m) => m.actor)]);
  }
  const tenantId = ctx.model.tenantId;
  for (const { m, due, remind } of rows) {
    if (due) await services.schedule({ tenantId, key: DUE_TIMER(object, m.id), dueAt: due.at, job: 'due', payload: { tenantId, object, id: m.id }, tx: ctx.db });
    else if (list.length <= CANCEL_MAX && m.from !== null) await services.cancelTimer(tenantId, DUE_TIMER(object, m.id), ctx.db);
    if (remind) await services.schedule({ tenantId, key: REMIND_TIMER(object, m.id), dueAt: remind, job: 'remind', payload: { tenantId, object, id: m.id }, tx: ctx.db });
    else if (list.length <= CANCEL_MAX && m.from !== null) await services.cancelTimer(tenantId, REMIND_TIMER(object, m.id), ctx.db);
  }
}

/**
 * A follow-up of records (an activity naming them was written, or a field that counts changed):
 * their first follow-up is done, the overdue rule counts from now, the deadline and reminder move.
 */
export async function followedUp(ctx: OperationContext, object: string, ids: string[], services: PluginServices, now: Date): Promise<void> {
  if (!ids.length) return;
  const pools = new Map((objectPools(ctx.model, object)).map((p) => [p.name, p]));
  const { rows } = await ctx.db.query<{ record_id: string; pool: string; entered_at: Date; first_follow_up_at: Date | null }>(
    `select record_id, pool, entered_at, first_follow_up_at from ${recordsTable(ctx.model.schema)} where object = $1 and record_id = any($2::uuid[]) and owner_id is not null for update`, [object, [...new Set(ids)]]);
  const tenantId = ctx.model.tenantId;
  for (const row of rows) {
    const pool = pools.get(row.pool);
    const state = { entered_at: row.entered_at, first_follow_up_at: row.first_follow_up_at ?? now, last_follow_up_at: now };
    const due = deadline(pool, state);
    const remind = due && pool?.remindBefore ? new Date(due.at.getTime() - (after(now, pool.remindBefore).getTime() - now.getTime())) : null;
    await ctx.db.query(`update ${recordsTable(ctx.model.schema)} set first_follow_up_at = $3, last_follow_up_at = $4, due_at = $5, due_reason = $6, remind_at = $7, reminded_at = null where object = $1 and record_id = $2`,
      [object, row.record_id, state.first_follow_up_at, now, due?.at ?? null, due?.reason ?? null, remind && remind > now ? remind : null]);
    if (due) await services.schedule({ tenantId, key: DUE_TIMER(object, row.record_id), dueAt: due.at, job: 'due', payload: { tenantId, object, id: row.record_id }, tx: ctx.db });
    if (remind && remind > now) await services.schedule({ tenantId, key: REMIND_TIMER(object, row.record_id), dueAt: remind, job: 'remind', payload: { tenantId, object, id: row.record_id }, tx: ctx.db });
    else await services.cancelTimer(tenantId, REMIND_TIMER(object, row.record_id), ctx.db);
  }
}
