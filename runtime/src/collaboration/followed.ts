import type { OperationContext } from '@tessera/platform';
import { followedObjectsTable } from './tables.ts';

/** The platform's metadata channel (platform/src/changes/channels.ts): every process LISTENs on it. */
const METADATA_CHANNEL = 'tessera_metadata';

/** Per tenant, at a metadata version: the objects any record of which was ever followed. */
const known = new Map<string, { version: number; objects: Set<string> }>();
/** Per tenant: objects this process saw get their first follower (before the NOTIFY comes back). */
const here = new Map<string, Set<string>>();

/**
 * Whether any record of the object was ever followed in the tenant: read once per metadata
 * version (`_followed_objects`, in the write's transaction), so that writes of objects nobody
 * follows — every object of a tenant that never used followers — cost the follower notification no
 * statement. The first follower of an object bumps the version (markFollowed), which is how every
 * process learns it: by the metadata NOTIFY, as for any configuration (a write another process
 * makes in those milliseconds is seen as made just before the follow).
 */
export async function isFollowed(ctx: OperationContext, object: string): Promise<boolean> {
  const tenantId = ctx.model.tenantId;
  if (here.get(tenantId)?.has(object)) return true;
  let hit = known.get(tenantId);
  if (!hit || hit.version !== ctx.model.version) {
    const { rows } = await ctx.db.query<{ object: string }>(`select object from ${followedObjectsTable(ctx.model.schema)}`);
    hit = { version: ctx.model.version, objects: new Set(rows.map((r) => r.object)) };
    if (known.size > 10_000) known.clear();
    known.set(tenantId, hit);
  }
  return hit.objects.has(object);
}

/**
 * After a follow (in its transaction): the object's first follower ever records the object and
 * bumps the tenant's metadata version, NOTIFYing it on commit, so every process's next write of
 * the object notifies its followers. One statement for every later follow of the object.
 */
export async function markFollowed(op: OperationContext, object: string): Promise<void> {
  const { rows } = await op.db.query(`insert into ${followedObjectsTable(op.model.schema)} (object) values ($1) on conflict do nothing returning object`, [object]);
  if (!rows.length) return;
  const { rows: [t] } = await op.db.query<{ version: string }>('update tessera.tenants set metadata_version = metadata_version + 1 where id = $1 returning metadata_version as version', [op.model.tenantId]);
  await op.db.query('select pg_notify($1, $2)', [METADATA_CHANNEL, `${op.model.tenantId}:${t.version}`]);
  let objects = here.get(op.model.tenantId);
  if (!objects) {
    if (here.size > 10_000) here.clear();
    here.set(op.model.tenantId, (objects = new Set()));
  }
  objects.add(object);
}
