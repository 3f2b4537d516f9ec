import { PlatformError, type OperationContext, type PluginServices, type TimelineEntry, type LocalApi } from '@tessera/platform';
import { conversionsTable } from '../conversions/tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_FIRST = 200;

const encode = (e: { at: string; key: string }) => Buffer.from(JSON.stringify([e.at, e.key])).toString('base64url');
function decode(cursor: string): { at: string; key: string } {
  try {
    const [at, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof at === 'string' && typeof key === 'string' && !Number.isNaN(Date.parse(at))) return { at, key };
  } catch { /* below */ }
  throw new PlatformError('BAD_USER_INPUT', 'after is not a cursor this timeline gave', { details: [{ pointer: '/after', message: 'not a timeline cursor' }] });
}

/** Newest first; one instant's entries by key, byte-wise (as the sources' SQL orders them). */
const newestFirst = (a: TimelineEntry, b: TimelineEntry) => (a.at === b.at ? (a.key < b.key ? 1 : a.key > b.key ? -1 : 0) : a.at < b.at ? 1 : -1);

/**
 * A record's timeline: the entries of every registered source (`timelineSources` of the installed
 * plugins) for the record and the records converted into it, merged newest first, keyset-paginated
 * by (at, key). The caller must be able to read the record (else NOT_FOUND, as for a record that
 * does not exist); then they see its whole story, whichever rep wrote it (a successor sees it all).
 */
export async function timeline(op: OperationContext, api: LocalApi, services: PluginServices, input: { object: string; id: string; first?: number; after?: string }) {
  if (!op.model.objects.has(input.object)) throw new PlatformError('NOT_FOUND', `No object ${input.object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  if (!UUID.test(input.id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(input.id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
  const first = input.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw new PlatformError('BAD_USER_INPUT', `first is 1 to ${MAX_FIRST}`, { details: [{ pointer: '/first', message: `1 to ${MAX_FIRST}` }] });
  const before = input.after ? decode(input.after) : null;
  // No read right on the object is answered as a record that does not exist (as the record history is).
  const rights = op.security;
  if ((rights && !rights.bypass && !rights.object(input.object).read) || !(await api.get(input.object, input.id))) throw new PlatformError('NOT_FOUND', `No ${input.object} ${input.id}`, { details: [{ pointer: '/id', message: 'not found' }] });
  const records = [{ object: input.object, id: input.id }, ...(await convertedInto(op, input.id))];
  const all: TimelineEntry[] = [];
  for (const source of services.timelineSources?.() ?? []) {
    all.push(...(await source.entries({ op, services, records, before, limit: first + 1 })));
  }
  const seen = new Set<string>();
  const page = all.sort(newestFirst).filter((e) => !seen.has(e.key) && (seen.add(e.key), true));
  const entries = page.slice(0, first).map((e) => (e.record && e.record.object === input.object && e.record.id === input.id ? { ...e, record: undefined } : e));
  const last = entries.at(-1);
  return { entries, hasNextPage: page.length > first, endCursor: last ? encode(last) : null };
}

/** The records converted into this one (a lead whose account, contact or opportunity it is): their story is its story. */
async function convertedInto(op: OperationContext, id: string): Promise<{ object: string; id: string }[]> {
  const exists = await op.db.query(`select to_regclass($1) as t`, [conversionsTable(op.model.schema)]);
  if (!exists.rows[0].t) return [];
  const { rows } = await op.db.query(`select object, record_id from ${conversionsTable(op.model.schema)} where target_ids @> array[$1::uuid] order by at limit 20`, [id]);
  return rows.map((r) => ({ object: r.object, id: r.record_id }));
}
