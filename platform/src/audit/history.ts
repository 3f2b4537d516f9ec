import type pg from 'pg';
import { PlatformError } from '../errors/index.ts';
import type { SchemaModel } from '../model/model.ts';
import { recordAccess } from '../security/record-access.ts';
import type { SecurityContext } from '../security/model.ts';
import { auditTable } from './store.ts';
import type { Change } from './values.ts';

export interface HistoryEntry {
  at: string;
  actor: { id: string; name: string; email: string } | null;
  via: string;
  action: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The history of one record, newest first, for a caller who may read the record (else NOT_FOUND,
 * as for a record that does not exist); changes of fields they may not read are left out.
 */
export async function readRecordHistory(db: pg.Pool | pg.PoolClient, model: SchemaModel, security: SecurityContext | undefined, objectName: string, id: string): Promise<HistoryEntry[]> {
  const notFound = () => new PlatformError('NOT_FOUND', `No ${objectName} with id ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });
  const object = model.objects.get(objectName);
  if (!object) throw new PlatformError('NOT_FOUND', `No object ${objectName}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  if (!UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
  if (security && !security.bypass && !security.object(objectName).read) throw notFound();
  if (!(await recordAccess(db, model, security, objectName, [id])).get(id)?.readable) throw notFound();
  const { rows } = await db.query(
    `select a.at, a.via, a.action, a.changes, u.id as "actorId", u.name as "actorName", u.email as "actorEmail"
     from ${auditTable(model.schema)} a left join tessera.users u on u.id = a."actorId" and u.tenant_id = $3
     where a.object = $1 and a."recordId" = $2 order by a.at desc, a.id desc`, [objectName, id, model.tenantId]);
  const readable = (field: string) => !security || security.bypass || security.field(objectName, field).read !== false;
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    actor: r.actorId ? { id: r.actorId, name: r.actorName, email: r.actorEmail } : null,
    via: r.via,
    action: r.action,
    changes: (r.changes as Change[]).filter(([field]) => readable(field)).map(([field, before, after]) => ({ field, before, after })),
  }));
}
