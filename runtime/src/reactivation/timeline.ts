import type { TimelineEntry, TimelineSource } from '@tessera/platform';
import { historyTable } from '../pools/tables.ts';

const AT = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Reactivations on the record timeline (type `pool`, action REACTIVATE): a successor sees the lead came back and to whom. */
export const reactivations: TimelineSource = {
  name: 'reactivations',
  async entries({ op, records, before, limit }) {
    const params: unknown[] = [records.map((r) => r.object), records.map((r) => r.id), op.model.tenantId];
    const key = `('reactivation:' || h.id::text)`;
    let older = 'true';
    if (before) { params.push(before.at, before.key); older = `(h.at < $4::timestamptz or (h.at = $4::timestamptz and ${key} collate "C" < $5))`; }
    const { rows } = await op.db.query(
      `select ${AT('h.at')} as at, ${key} as key, h.object, h.record_id, h.reason, h.pool, h.to_id, h.actor_id, (select name from tessera.users u where u.id = h.actor_id and u.tenant_id = $3) as actor_name
       from ${historyTable(op.model.schema)} h join unnest($1::text[], $2::uuid[]) as r(o, i) on h.object = r.o and h.record_id = r.i
       where h.action = 'REACTIVATE' and ${older} order by h.at desc, ${key} collate "C" desc limit ${Number(limit)}`, params);
    return rows.map((e): TimelineEntry => ({
      type: 'pool', at: e.at, key: e.key, actor: e.actor_id ? { id: e.actor_id, name: e.actor_name } : null,
      record: { object: e.object, id: e.record_id }, data: { action: 'REACTIVATE', reason: e.reason, pool: e.pool, to: e.to_id },
    }));
  },
};
