import { fieldType, type OperationContext, type TimelineEntry, type TimelineSource } from '@tessera/platform';
import { notesTable } from './tables.ts';
import { conversionsTable } from '../conversions/tables.ts';
import { eventsTable, requestsTable } from '../approvals/tables.ts';
import { SUBMIT_FOR_APPROVAL } from '../workflows/steps.ts';

type Records = { object: string; id: string }[];
const AT = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `(at, key) < (before)` for keyset pages (keys compared byte-wise, as the merge compares them in JS). */
function older(at: string, key: string, before: { at: string; key: string } | null, params: unknown[]): string {
  if (!before) return 'true';
  params.push(before.at, before.key);
  return `(${at} < $${params.length - 1}::timestamptz or (${at} = $${params.length - 1}::timestamptz and ${key} collate "C" < $${params.length}))`;
}

async function rows(op: OperationContext, sql: string, params: unknown[]): Promise<any[]> {
  return (await op.db.query(sql, params)).rows;
}

const actor = (r: { actor_id: string | null; actor_name: string | null }) => (r.actor_id ? { id: r.actor_id, name: r.actor_name } : null);
const USER = (col: string, tenant: string) => `(select name from tessera.users u where u.id = ${col} and u.tenant_id = ${tenant})`;

/** Field changes: the record history the platform keeps (platform/src/audit), fields the caller may not read left out. */
export const fieldChanges: TimelineSource = {
  name: 'fieldChanges',
  async entries({ op, records, before, limit }) {
    const out: TimelineEntry[] = [];
    for (const r of records) {
      const params: unknown[] = [r.object, r.id, op.model.tenantId];
      const key = `('audit:' || a.id::text)`;
      const list = await rows(op, `select ${AT('a.at')} as at, ${key} as key, a.action, a.via, a.changes, a."actorId" as actor_id, ${USER('a."actorId"', '$3')} as actor_name
        from "${op.model.schema}"."_audit" a where a.object = $1 and a."recordId" = $2 and ${older('a.at', key, before, params)} order by a.at desc, ${key} collate "C" desc limit ${limit}`, params);
      const readable = (f: string) => !op.security || op.security.bypass || op.security.field(r.object, f).read !== false;
      for (const e of list) {
        out.push({ type: 'fieldChange', at: e.at, key: e.key, actor: actor(e), record: r, data: { action: e.action, via: e.via, changes: (e.changes as [string, unknown, unknown][]).filter(([f]) => readable(f)).map(([field, before, after]) => ({ field, before, after })) } });
      }
    }
    return out;
  },
};

/** Notes and comments written on the record (`addNote`). */
export const notes: TimelineSource = {
  name: 'notes',
  async entries({ op, records, before, limit }) {
    const params: unknown[] = [records.map((r) => r.object), records.map((r) => r.id), op.model.tenantId];
    const key = `('note:' || n.id::text)`;
    const list = await rows(op, `select ${AT('n.at')} as at, ${key} as key, n.id, n.body, n.object, n.record_id, n.author_id as actor_id, ${USER('n.author_id', '$3')} as actor_name
      from ${notesTable(op.model.schema)} n join unnest($1::text[], $2::uuid[]) as r(o, i) on n.object = r.o and n.record_id = r.i
      where ${older('n.at', key, before, params)} order by n.at desc, ${key} collate "C" desc limit ${limit}`, params);
    return list.map((e) => ({ type: 'note', at: e.at, key: e.key, actor: actor(e), record: { object: e.object, id: e.record_id }, data: { id: e.id, body: e.body } }));
  },
};

/**
 * Activities: records of every object with a lookup to the record's object (a follow-up, a task, an
 * opportunity created for it), by their creation, for objects the caller may read. Across reps: the
 * record's readers see who did what on it, whoever owns each activity (no 撞单 surprises).
 */
export const activities: TimelineSource = {
  name: 'activities',
  async entries({ op, records, before, limit }) {
    const out: TimelineEntry[] = [];
    for (const r of records) {
      for (const child of op.model.objects.values()) {
        if (op.security && !op.security.bypass && !op.security.object(child.name).read) continue;
        for (const field of child.catalog.definition.fields) {
          const ref = fieldType(field.type).reference?.(field);
          if (!ref || ref.target !== r.object || field.type === 'manyToMany') continue;
          const column = ident(fieldType(field.type).columns(field)[0].column);
          const title = child.catalog.definition.fields.find((f) => f.type === 'text')?.name;
          const params: unknown[] = [r.id, op.model.tenantId];
          const key = `('${child.name}:' || t.id::text)`;
          const list = await rows(op, `select ${AT('t."createdAt"')} as at, ${key} as key, t.id, ${title ? `t.${ident(title)}` : 'null'} as title, t."createdBy" as actor_id, ${USER('t."createdBy"', '$2')} as actor_name
            from "${op.model.schema}".${ident(child.catalog.tableName)} t where t.${column} = $1 and t."deletedAt" is null and ${older('t."createdAt"', key, before, params)}
            order by t."createdAt" desc, ${key} collate "C" desc limit ${limit}`, params);
          for (const e of list) out.push({ type: 'activity', at: e.at, key: e.key, actor: actor(e), record: r, data: { object: child.name, id: e.id, title: e.title, via: field.name } });
        }
      }
    }
    return out;
  },
};

/** Conversions: on the source, what it became; on a target, what it was converted from. */
export const conversions: TimelineSource = {
  name: 'conversions',
  async entries({ op, records, before, limit }) {
    const exists = await op.db.query(`select to_regclass($1) as t`, [conversionsTable(op.model.schema)]);
    if (!exists.rows[0].t) return [];
    const params: unknown[] = [records[0].object, records[0].id, op.model.tenantId];
    const key = `('conversion:' || c.id::text)`;
    const list = await rows(op, `select ${AT('c.at')} as at, ${key} as key, c.conversion, c.object, c.record_id, c.targets, c.actor_id, ${USER('c.actor_id', '$3')} as actor_name
      from ${conversionsTable(op.model.schema)} c where ((c.object = $1 and c.record_id = $2) or c.target_ids @> array[$2::uuid]) and ${older('c.at', key, before, params)} order by c.at desc, ${key} collate "C" desc limit ${limit}`, params);
    return list.map((e) => ({ type: 'conversion', at: e.at, key: e.key, actor: actor(e), data: { conversion: e.conversion, source: { object: e.object, id: e.record_id }, targets: e.targets } }));
  },
};

/** Approvals: what everyone did and said on the record's approval requests, when the approvals plugin is installed. */
export const approvals: TimelineSource = {
  name: 'approvals',
  async entries({ op, services, records, before, limit }) {
    if (!services.use(SUBMIT_FOR_APPROVAL)) return [];
    const params: unknown[] = [records.map((r) => r.object), records.map((r) => r.id), op.model.tenantId];
    const key = `('approval:' || e.id::text)`;
    const list = await rows(op, `select ${AT('e.at')} as at, ${key} as key, e.action, e.node, e.comment, q.flow, q.id as request, q.status, q.object, q.record_id, e.actor_id, ${USER('e.actor_id', '$3')} as actor_name
      from ${eventsTable(op.model.schema)} e join ${requestsTable(op.model.schema)} q on q.id = e.request_id join unnest($1::text[], $2::uuid[]) as r(o, i) on q.object = r.o and q.record_id = r.i
      where ${older('e.at', key, before, params)} order by e.at desc, ${key} collate "C" desc limit ${limit}`, params);
    return list.map((e) => ({ type: 'approval', at: e.at, key: e.key, actor: actor(e), record: { object: e.object, id: e.record_id }, data: { action: e.action, node: e.node, comment: e.comment, flow: e.flow, request: e.request, status: e.status } }));
  },
};

export const collaborationSources: TimelineSource[] = [fieldChanges, notes, activities, conversions, approvals];
export type { Records };
