import { createRecords, isPlatformError, LocalApi, updateRecord, upsertRecord, validateRecords, type ObjectModel, type OperationContext } from '@tessera/platform';
import { cellValue } from './convert.ts';
import { OWNER, type Mapping } from './mapping.ts';

type Field = ObjectModel['catalog']['definition']['fields'][number];

/** One staged row: its number in the file (after the header) and its cells. */
export interface StagedRow { n: number; cells: string[] }
export interface Refusal { n: number; reason: string }

interface Item { n: number; record: Record<string, unknown>; id?: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Applies one batch of staged rows as the importer, in `op`'s transaction, through the one save
 * pipeline: cells converted to field values, lookups resolved by their unique field (among the
 * records the importer can see), existing records found by the match key updated, the others
 * created together by one `createRecords` (validation rules, duplicate rules, pools, scoring,
 * triggers and workflows apply as to any write). A refused row never stops the others: a batch
 * write that fails is rolled back to its savepoint and retried without the rows its error points
 * at, or halved until the failing row stands alone. Returns how many rows were written and the
 * refusals, each with its reason and the column it points at.
 */
export async function applyBatch(op: OperationContext, object: ObjectModel, headers: string[], mapping: Mapping, match: string | null, rows: StagedRow[]): Promise<{ done: number; refused: Refusal[] }> {
  const api = new LocalApi(op, { via: 'import', savepoints: false, limits: { maxQueries: MAX, maxRowsWritten: MAX } });
  const fields = new Map(object.catalog.definition.fields.map((f) => [f.name, f]));
  // The owner (mapping.ts OWNER): a user's id as the API takes it, or found by e-mail among the tenant's users.
  if (!fields.has(OWNER)) fields.set(OWNER, { name: OWNER, type: 'lookup', target: 'user' } as Field);
  const columns = Object.entries(mapping).map(([column, target]) => {
    const [field, by] = target.split('.');
    return { column, index: headers.indexOf(column), field: fields.get(field)!, by };
  });
  const columnOf = new Map(columns.map((c) => [c.field.name, c.column]));
  const refused: Refusal[] = [];
  /** `<CODE> at /<column>: <message>`: the column the error's pointer names (its field's), when it names one. */
  const reason = (error: unknown, detail = isPlatformError(error) ? error.details[0] : undefined): string => {
    if (!isPlatformError(error)) return `INTERNAL: ${(error as Error)?.message ?? String(error)}`;
    const parts = (detail?.pointer ?? '').split('/').slice(1);
    let i = parts[0] === 'data' ? 1 : 0;
    if (/^\d+$/.test(parts[i] ?? '')) i += 1;
    const field = fields.has(parts[i] ?? '') ? parts[i] : undefined;
    const column = field ? columnOf.get(field) ?? field : undefined;
    return `${error.code}${column ? ` at /${column}` : ''}: ${column && detail?.message ? detail.message : error.message}`;
  };

  // Cells → values, and the lookups' values to resolve.
  const items: Item[] = [];
  const wanted = new Map<string, Set<string>>();
  const converted = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const c of columns) {
      const text = (row.cells[c.index] ?? '').trim();
      if (text === '') continue;
      if (c.by) {
        record[c.field.name] = text;
        if (c.by === 'id' && !UUID.test(text)) continue;
        const key = `${c.field.name}.${c.by}`;
        if (!wanted.has(key)) wanted.set(key, new Set());
        wanted.get(key)!.add(text);
      } else record[c.field.name] = cellValue(c.field, text);
    }
    return { n: row.n, record };
  });
  const found = new Map<string, Map<string, string>>();
  for (const [key, values] of wanted) {
    const [fieldName, by] = key.split('.');
    const target = fields.get(fieldName)!.target!;
    const ids = new Map<string, string>();
    const list = [...values];
    if (fieldName === OWNER && fields.get(OWNER)!.target === 'user') {
      const { rows: users } = await op.db.query<{ id: string; key: string }>(
        `select id, ${by === 'email' ? 'lower(email)' : 'id::text'} as key from tessera.users where tenant_id = $1 and is_active and ${by === 'email' ? 'lower(email)' : 'id::text'} = any($2::text[])`,
        [op.model.tenantId, list.map((v) => v.toLowerCase())]);
      for (const u of users) ids.set(u.key, u.id);
      found.set(key, ids);
      continue;
    }
    for (let i = 0; i < list.length; i += 500) {
      const slice = list.slice(i, i + 500);
      for (const r of await api.find(target, { filter: { [by]: { in: slice } }, first: slice.length })) ids.set(String(r[by]).toLowerCase(), String(r.id));
    }
    found.set(key, ids);
  }
  for (const item of converted) {
    let ok = true;
    for (const c of columns) {
      if (!c.by || item.record[c.field.name] === undefined) continue;
      const text = String(item.record[c.field.name]);
      const id = found.get(`${c.field.name}.${c.by}`)?.get(text.toLowerCase());
      if (!id) { refused.push({ n: item.n, reason: `NOT_FOUND at /${c.column}: no ${c.field.target} with ${c.by} ${JSON.stringify(text)}` }); ok = false; break; }
      item.record[c.field.name] = id;
    }
    if (ok) items.push(item);
  }

  // Upsert: the records the match key finds (among those the importer can see) are updated.
  if (match) {
    const values = [...new Set(items.map((i) => i.record[match]).filter((v) => v !== undefined).map(String))];
    const existing = new Map<string, string>();
    for (let i = 0; i < values.length; i += 500) {
      const slice = values.slice(i, i + 500);
      for (const r of await api.find(object.name, { filter: { [match]: { in: slice } }, first: slice.length })) existing.set(String(r[match]).toLowerCase(), String(r.id));
    }
    for (const item of items) {
      const value = item.record[match];
      if (value !== undefined) item.id = existing.get(String(value).toLowerCase());
    }
  }

  // Each row checked alone first (no query): most bad rows never cost a batch retry.
  const creates: Item[] = [];
  let done = 0;
  for (const item of items) {
    try {
      validateRecords(object, item.id ? 'update' : 'create', [item.record], () => '/data/0');
    } catch (error) {
      refused.push({ n: item.n, reason: reason(error) });
      continue;
    }
    if (!item.id) { creates.push(item); continue; }
    if (await unit(op, () => updateRecord(op, object, item.id!, item.record), (error) => refused.push({ n: item.n, reason: reason(error) }))) done += 1;
  }

  async function createAll(list: Item[]): Promise<void> {
    if (list.length === 0) return;
    let failure: unknown;
    const ok = await unit(op, () => createRecords(op, object, list.map((i) => i.record), (i) => `/data/${i}`), (error) => { failure = error; });
    if (ok) { done += list.length; return; }
    if (list.length === 1) {
      // A match value the lookup missed (another case of an email, a record made since): the platform's upsert decides.
      const value = match ? list[0].record[match] : undefined;
      if (value !== undefined) {
        const { [match!]: _, ...rest } = list[0].record;
        if (await unit(op, () => upsertRecord(op, object, { [match!]: value }, rest), (error) => { failure = error; })) { done += 1; return; }
      }
      refused.push({ n: list[0].n, reason: reason(failure) });
      return;
    }
    const pointed = new Map<number, string>();
    if (isPlatformError(failure)) {
      for (const d of failure.details) {
        const i = /^\/data\/(\d+)(\/|$)/.exec(d.pointer ?? '')?.[1];
        if (i !== undefined && Number(i) < list.length && !pointed.has(Number(i))) pointed.set(Number(i), reason(failure, d));
      }
    }
    if (pointed.size > 0) {
      for (const [i, why] of pointed) refused.push({ n: list[i].n, reason: why });
      return createAll(list.filter((_, i) => !pointed.has(i)));
    }
    const half = Math.ceil(list.length / 2);
    await createAll(list.slice(0, half));
    await createAll(list.slice(half));
  }
  await createAll(creates);
  refused.sort((a, b) => a.n - b.n);
  return { done, refused };
}

/** Runs a write as its own unit (a savepoint): true when it held, else rolled back and `onError` told. */
async function unit(op: OperationContext, work: () => Promise<unknown>, onError: (error: unknown) => void): Promise<boolean> {
  await op.db.query('savepoint tessera_import');
  try {
    await work();
    await op.db.query('release savepoint tessera_import');
    return true;
  } catch (error) {
    await op.db.query('rollback to savepoint tessera_import');
    await op.db.query('release savepoint tessera_import');
    onError(error);
    return false;
  }
}
