import { LocalApi, PlatformError, updateMatching, type OperationContext, type PluginServices } from '@tessera/platform';
import { notificationsTable } from '../workflows/tables.ts';
import { isMember, objectPools } from './config.ts';
import type { PoolItem } from './definition.ts';
import { systemOf } from './hooks.ts';
import { claimedToday, privateCount, tableOf, withIntent, type PoolAction } from './state.ts';
import { historyTable, recordsTable } from './tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row { id: string; ownerId: string | null; pool: string | null }

/** The object's pools (refused when it has none) and the records named, each with its owner and pool; unknown ids are NOT_FOUND at `/ids/k`. */
async function load(op: OperationContext, object: string, ids: string[]): Promise<{ pools: PoolItem[]; rows: Row[] }> {
  if (!op.model.objects.has(object)) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  requireRead(op, object);
  const pools = objectPools(op.model, object);
  if (!pools.length) throw new PlatformError('BAD_USER_INPUT', `The object ${object} has no pools`, { details: [{ pointer: '/object', message: 'no pools' }] });
  if (new Set(ids).size !== ids.length) throw new PlatformError('BAD_USER_INPUT', 'An id is named twice', { details: [{ pointer: '/ids', message: 'ids repeat' }] });
  const bad = ids.findIndex((id) => !UUID.test(id));
  if (bad >= 0) throw notFound(object, ids[bad], bad);
  const { rows } = await op.db.query<Row>(`select t.id, t."ownerId", s.pool from ${tableOf(op, object)} t left join ${recordsTable(op.model.schema)} s on s.object = $2 and s.record_id = t.id and s.record_id = any($1::uuid[]) where t.id = any($1::uuid[]) and t."deletedAt" is null`, [ids, object]);
  const byId = new Map(rows.map((r) => [r.id, { ...r, pool: r.pool && pools.some((p) => p.name === r.pool) ? r.pool : pools[0].name }]));
  const missing = ids.findIndex((id) => !byId.has(id));
  if (missing >= 0) throw notFound(object, ids[missing], missing);
  return { pools, rows: ids.map((id) => byId.get(id)!) };
}

/** The object right the pool operations and lists need: reading it (records of a public pool are then seen through the pool, not the sharing rules). */
function requireRead(op: OperationContext, object: string): void {
  if (op.security && !op.security.bypass && !op.security.object(object).read) throw new PlatformError('FORBIDDEN', `You may not read ${object} records`, { details: [{ pointer: '/object', message: 'no read right on the object' }] });
}

/** A record read as the system, without the fields the caller may not read (field-level security still holds). */
function visible(op: OperationContext, object: string, record: Record<string, unknown>): Record<string, unknown> {
  const security = op.security;
  if (!security || security.bypass) return record;
  return Object.fromEntries(Object.entries(record).filter(([field]) => field === 'id' || security.field(object, field).read !== false));
}

const notFound = (object: string, id: string, k: number) => new PlatformError('NOT_FOUND', `No ${object} ${id}`, { details: [{ pointer: `/ids/${k}`, message: 'no such record' }] });
const forbidden = (message: string, pointer: string) => new PlatformError('FORBIDDEN', message, { details: [{ pointer, message }] });

/** Writes the owner of the records through the save pipeline as the system (the guard checks caps and quotas), saying what the move is. */
async function move(op: OperationContext, object: string, rows: Row[], owner: string | null, intent: { action: PoolAction; reason?: string | null; pool?: string }): Promise<void> {
  const ids = rows.map((r) => r.id);
  const index = new Map(ids.map((id, k) => [id, k]));
  await withIntent(op.db, { ...intent, ids: new Set(ids), actor: op.principal.userId ?? null, pointer: (id) => `/ids/${index.get(id)}` }, () =>
    updateMatching(systemOf(op), op.model.objects.get(object)!, { id: { in: ids } }, { owner }));
}

async function isManager(op: OperationContext, pool: PoolItem): Promise<boolean> {
  if (op.principal.isAdmin) return true;
  return !!pool.managers?.length && isMember(op.db, op.model.tenantId, pool.managers, op.principal.userId!);
}

/** 抢单: the caller takes records of public pools they are a member of into their private pool. */
export async function claim(op: OperationContext, object: string, ids: string[]): Promise<unknown> {
  const { rows } = await load(op, object, ids);
  rows.forEach((r, k) => { if (r.ownerId !== null) throw new PlatformError('CONFLICT', `The ${object} ${r.id} is not in a public pool`, { details: [{ pointer: `/ids/${k}`, message: 'owned by someone' }] }); });
  await move(op, object, rows, op.principal.userId!, { action: 'CLAIM' });
  return { claimed: ids, ...(await status(op, object)) };
}

/** The caller gives records of their private pool back to their public pool, with a reason. */
export async function release(op: OperationContext, object: string, ids: string[], reason: string | null): Promise<unknown> {
  const { pools, rows } = await load(op, object, ids);
  for (const [k, r] of rows.entries()) {
    const pool = pools.find((p) => p.name === r.pool)!;
    if (r.ownerId !== op.principal.userId && !(await isManager(op, pool))) throw forbidden(`The ${object} ${r.id} is not yours to release`, `/ids/${k}`);
    if (r.ownerId === null) throw new PlatformError('CONFLICT', `The ${object} ${r.id} is already in a public pool`, { details: [{ pointer: `/ids/${k}`, message: 'in a public pool' }] });
    if (pool.releaseReasons?.length && !pool.releaseReasons.includes(reason ?? '')) {
      throw new PlatformError('VALIDATION_FAILED', `The pool ${pool.name} takes one of its release reasons: ${pool.releaseReasons.join(', ')}`, { details: [{ pointer: '/reason', message: `one of ${pool.releaseReasons.join(', ')}` }] });
    }
  }
  await move(op, object, rows, null, { action: 'RELEASE', reason });
  return { released: ids, ...(await status(op, object)) };
}

/** A manager (or an administrator) gives records to a user; the user's cap holds. */
export async function assign(op: OperationContext, object: string, ids: string[], to: string): Promise<unknown> {
  const { pools, rows } = await load(op, object, ids);
  for (const [k, r] of rows.entries()) {
    if (!(await isManager(op, pools.find((p) => p.name === r.pool)!))) throw forbidden(`Only a manager of the pool ${r.pool} assigns its records`, `/ids/${k}`);
  }
  const active = UUID.test(to) && (await op.db.query('select 1 from tessera.users where tenant_id = $1 and id = $2 and is_active', [op.model.tenantId, to])).rows.length > 0;
  if (!active) throw new PlatformError('REFERENCE_NOT_FOUND', `No active user ${to}`, { details: [{ pointer: '/to', message: 'no such user' }] });
  await move(op, object, rows.filter((r) => r.ownerId !== to), to, { action: 'ASSIGN' });
  return { assigned: ids, to };
}

/** Moves records to another pool of the object (its public part): their owner, a manager of their pool or an administrator. */
export async function transfer(op: OperationContext, object: string, ids: string[], pool: string, reason: string | null = null): Promise<unknown> {
  const { pools, rows } = await load(op, object, ids);
  if (!pools.some((p) => p.name === pool)) throw new PlatformError('NOT_FOUND', `${object} has no pool ${pool}`, { details: [{ pointer: '/pool', message: 'no such pool' }] });
  for (const [k, r] of rows.entries()) {
    if (r.ownerId !== op.principal.userId && !(await isManager(op, pools.find((p) => p.name === r.pool)!))) throw forbidden(`The ${object} ${r.id} is not yours to transfer`, `/ids/${k}`);
  }
  await move(op, object, rows, null, { action: 'TRANSFER', pool, reason });
  return { transferred: ids, pool };
}

/** The caller's private pool of the object: how full, and today's claims against the quota (the smallest cap and quota of the pools they are a member of). */
export async function status(op: OperationContext, object: string): Promise<{ privateCount: number; privateCap: number | null; claimedToday: number; dailyQuota: number | null }> {
  if (!op.model.objects.has(object)) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  requireRead(op, object);
  const user = op.principal.userId!;
  const pools = objectPools(op.model, object);
  const mine: PoolItem[] = [];
  for (const p of pools) if (await isMember(op.db, op.model.tenantId, p.members, user)) mine.push(p);
  const min = (values: (number | undefined)[]) => { const v = values.filter((x): x is number => x !== undefined); return v.length ? Math.min(...v) : null; };
  return {
    privateCount: await privateCount(op.db, op, object, user),
    privateCap: min((mine.length ? mine : pools).map((p) => p.privateCap)),
    claimedToday: await claimedToday(op, object, user, new Date(op.pipeline.clock.now()), pools[0]?.timeZone),
    dailyQuota: min((mine.length ? mine : pools).map((p) => p.dailyClaimQuota)),
  };
}

/** A record's pool history, oldest first (the caller reads the record, or is a member of its public pool). */
export async function history(op: OperationContext, api: LocalApi | { get(o: string, id: string): Promise<unknown> }, object: string, id: string): Promise<unknown[]> {
  const { pools, rows: [row] } = await load(op, object, [id]).catch((e) => { if (e instanceof PlatformError && e.code === 'NOT_FOUND') throw new PlatformError('NOT_FOUND', `No ${object} ${id}`, { details: [{ pointer: '/id', message: 'no such record' }] }); throw e; });
  const readable = await api.get(object, id);
  if (!readable && !(row.ownerId === null && (await isMember(op.db, op.model.tenantId, pools.find((p) => p.name === row.pool)!.members, op.principal.userId!)))) {
    throw new PlatformError('NOT_FOUND', `No ${object} ${id}`, { details: [{ pointer: '/id', message: 'no such record' }] });
  }
  const { rows } = await op.db.query(`select at, action, reason, from_id as "from", to_id as "to", pool, actor_id as actor from ${historyTable(op.model.schema)} where object = $1 and record_id = $2 order by n`, [object, id]);
  return rows;
}

/** A public pool's records (for its members): the records the system reads, newest first. */
export async function publicRecords(op: OperationContext, object: string, pool: string | null, first: number): Promise<unknown> {
  if (!op.model.objects.has(object)) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  requireRead(op, object);
  const pools = objectPools(op.model, object);
  const chosen = pools.find((p) => p.name === (pool ?? pools[0]?.name));
  if (!chosen) throw new PlatformError('NOT_FOUND', `${object} has no pool ${pool ?? ''}`, { details: [{ pointer: '/pool', message: 'no such pool' }] });
  if (!op.principal.isAdmin && !(await isMember(op.db, op.model.tenantId, chosen.members, op.principal.userId!))) throw forbidden(`Not a member of the pool ${chosen.name}`, '/pool');
  const isDefault = chosen.name === pools[0].name;
  const { rows } = await op.db.query<{ id: string }>(
    `select t.id from ${tableOf(op, object)} t left join ${recordsTable(op.model.schema)} s on s.object = $1 and s.record_id = t.id
      where t."ownerId" is null and t."deletedAt" is null and (s.pool = $2 or ($3 and (s.pool is null or s.pool <> all($4::text[])))) order by t."createdAt" desc, t.id desc limit $5`,
    [object, chosen.name, isDefault, pools.map((p) => p.name), first]);
  const records = await new LocalApi(systemOf(op), { limits: { maxQueries: Number.MAX_SAFE_INTEGER } }).many(object, rows.map((r) => r.id));
  return { pool: chosen.name, pools: pools.map((p) => ({ name: p.name, label: p.label ?? null })), nodes: records.map((r) => visible(op, object, r)) };
}

/** The caller's private pool: records with their deadline (the countdown the studio shows). */
export async function privateRecords(op: OperationContext, object: string, first: number): Promise<unknown> {
  if (!op.model.objects.has(object)) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  requireRead(op, object);
  const user = op.principal.userId!;
  const { rows } = await op.db.query<{ id: string; pool: string | null; due_at: Date | null; due_reason: string | null }>(
    `select t.id, s.pool, s.due_at, s.due_reason from ${tableOf(op, object)} t left join ${recordsTable(op.model.schema)} s on s.object = $1 and s.record_id = t.id
      where t."ownerId" = $2 and t."deletedAt" is null order by s.due_at nulls last, t.id limit $3`, [object, user, first]);
  const records = new Map((await new LocalApi(systemOf(op), { limits: { maxQueries: Number.MAX_SAFE_INTEGER } }).many(object, rows.map((r) => r.id))).map((r) => [r.id as string, r]));
  return { ...(await status(op, object)), now: op.pipeline.clock.now().toISOString(), nodes: rows.map((r) => ({ record: visible(op, object, records.get(r.id) ?? { id: r.id }), pool: r.pool, dueAt: r.due_at, dueReason: r.due_reason })) };
}

/**
 * Returns records whose deadline passed to their public pools, in batches of `batch` (default 2,000:
 * one write through the pipeline per batch). Locks are taken in the order every owner change takes
 * them — the records first (in id order, so sweeps running at once serialize instead of
 * deadlocking), then their pool rows — and what is still due is read again after, so a record claimed
 * or followed up meanwhile is left alone.
 */
export async function recycleDue(op: OperationContext, object: string, now: Date, options: { ids?: string[]; batch?: number; max?: number } = {}): Promise<number> {
  const size = options.batch ?? 2000;
  const schema = op.model.schema;
  let done = 0;
  for (;;) {
    const { rows: candidates } = await op.db.query<{ record_id: string }>(
      `select record_id from ${recordsTable(schema)} where object = $1 and due_at <= $2 and owner_id is not null and ($3::uuid[] is null or record_id = any($3)) order by due_at limit $4`,
      [object, now, options.ids ?? null, size]);
    if (!candidates.length) return done;
    const all = candidates.map((r) => r.record_id);
    await op.db.query(`select id from ${tableOf(op, object)} where id = any($1::uuid[]) order by id for update`, [all]);
    const { rows } = await op.db.query<{ record_id: string; due_reason: string; owner_id: string; pool: string }>(
      `select record_id, due_reason, owner_id, pool from ${recordsTable(schema)} where object = $1 and record_id = any($2::uuid[]) and due_at <= $3 and owner_id is not null order by record_id for update`, [object, all, now]);
    const ids = rows.map((r) => r.record_id);
    if (ids.length) {
      const reasons = new Map(rows.map((r) => [r.record_id, r.due_reason]));
      // The records are locked and the pool rows follow their owners (the guard and track keep them so): the guard need not read them again.
      const known = new Map(rows.map((r) => [r.record_id, { ownerId: r.owner_id, pool: r.pool }]));
      await withIntent(op.db, { action: 'RECYCLE', ids: new Set(ids), reasons, actor: null, known }, () => updateMatching(op, op.model.objects.get(object)!, { id: { in: ids } }, { owner: null }));
      // Rows whose record is gone (deleted) leave the sweep's way.
      await op.db.query(`update ${recordsTable(schema)} set due_at = null, remind_at = null where object = $1 and record_id = any($2::uuid[]) and due_at <= $3`, [object, ids, now]);
    }
    done += ids.length;
    if (candidates.length < size || (options.max !== undefined && done >= options.max)) return done;
  }
}

/** Reminders due: the owner is told when the record goes back to its public pool, once per deadline. */
export async function remindDue(op: OperationContext, object: string, now: Date, ids?: string[]): Promise<number> {
  const { rows } = await op.db.query<{ record_id: string; owner_id: string; due_at: Date; due_reason: string }>(
    `update ${recordsTable(op.model.schema)} set reminded_at = $2 where object = $1 and remind_at <= $2 and reminded_at is null and owner_id is not null and due_at > $2 and ($3::uuid[] is null or record_id = any($3))
     returning record_id, owner_id, due_at, due_reason`, [object, now, ids ?? null]);
  if (!rows.length) return 0;
  const title = (r: { due_reason: string }) => (r.due_reason === 'FIRST_FOLLOW_UP_OVERDUE' ? `Follow up this ${object} for the first time, or it returns to the public pool` : `Follow up this ${object}, or it returns to the public pool`);
  await op.db.query(
    `insert into ${notificationsTable(op.model.schema)} (id, user_id, title, body, object, record_id, created_at) select gen_random_uuid(), x.u, x.title, x.body, $1, x.id, $2 from unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[]) as x(u, title, body, id)`,
    [object, now, rows.map((r) => r.owner_id), rows.map(title), rows.map((r) => `${r.due_reason} at ${new Date(r.due_at).toISOString()}`), rows.map((r) => r.record_id)]);
  return rows.length;
}

/** For plugins built on pools (dispatch, assignment): refuses with LIMIT_EXCEEDED when `n` more records would pass the user's cap in the pool. */
export async function assertCapacity(op: OperationContext, object: string, owner: string, n = 1, poolName?: string): Promise<void> {
  const pools = objectPools(op.model, object);
  const pool = pools.find((p) => p.name === (poolName ?? pools[0]?.name));
  if (pool?.privateCap === undefined) return;
  const count = await privateCount(op.db, op, object, owner);
  if (count + n > pool.privateCap) {
    throw new PlatformError('LIMIT_EXCEEDED', `The private pool of ${object} of user ${owner} is full: ${count} of ${pool.privateCap} (rule privateCap of pool ${pool.name})`, { details: [{ pointer: '/owner', message: 'private pool full', rule: 'privateCap' }], extensions: { rule: 'privateCap', pool: pool.name, object, owner, limit: pool.privateCap, count } });
  }
}

/** For plugins built on pools: moves records to a pool's public part (as the system), recorded as `action` (TRANSFER, REACTIVATE, DISPATCH…). */
export async function moveToPool(op: OperationContext, object: string, ids: string[], pool: string, options: { action?: PoolAction; reason?: string | null; owner?: string | null } = {}): Promise<void> {
  const { rows } = await load(op, object, ids);
  await move(systemOf(op), object, rows, options.owner ?? null, { action: options.action ?? 'TRANSFER', pool, reason: options.reason ?? null });
}

/** For plugins built on pools: the record's pool, owner and deadline (null when its object has no pools). */
export async function poolOf(op: OperationContext, object: string, id: string): Promise<{ pool: string; owner: string | null; dueAt: Date | null; dueReason: string | null } | null> {
  if (!(objectPools(op.model, object)).length) return null;
  const { rows: [row] } = await load(op, object, [id]);
  const { rows } = await op.db.query<{ due_at: Date | null; due_reason: string | null }>(`select due_at, due_reason from ${recordsTable(op.model.schema)} where object = $1 and record_id = $2`, [object, id]);
  return { pool: row.pool!, owner: row.ownerId, dueAt: rows[0]?.due_at ?? null, dueReason: rows[0]?.due_reason ?? null };
}
