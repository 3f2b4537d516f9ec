import { PlatformError, type ErrorDetail } from '../errors/index.ts';

/**
 * Fixtures and sample data (`sample-data.json`, a scenario's `fixtures`): records to create, by object,
 * in the order given. `"$key"` names a record; a string `"$<key>"` anywhere in a later record's values
 * is that record's id, `"@<user>"` a user's id (in sample data `@admin` is the installer). `"$$…"` and
 * `"@@…"` are the literal strings `$…` and `@…`. Every record is created through the records API it
 * is given (the save pipeline: every rule applies), one at a time, so a record may name any earlier one.
 */
export type FixtureDocument = Record<string, Record<string, unknown>[]>;

/** What fixtures are written with: the records API of one actor in one transaction (LocalApi has this shape). */
export interface FixtureWriter {
  create(object: string, data: Record<string, unknown>): Promise<Record<string, unknown> | Record<string, unknown>[]>;
}

export interface FixtureRefs {
  /** Record keys already known (earlier fixtures, saved scenario values) → ids; the new keys are added to it. */
  records?: Map<string, string>;
  /** User keys → user ids. */
  users?: Record<string, string>;
}

export interface LoadedFixtures {
  created: number;
  /** Every key → id, the ones given and the new ones. */
  keys: Map<string, string>;
  /** Records created per object. */
  counts: Record<string, number>;
}

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A string's meaning: a record or user reference, or a literal (with the escape doubled sigils undone). */
export function referenceOf(value: string): { kind: 'record' | 'user'; key: string } | { kind: 'literal'; value: string } {
  if (value.startsWith('$$') || value.startsWith('@@')) return { kind: 'literal', value: value.slice(1) };
  if (value.startsWith('$') && value.length > 1) return { kind: 'record', key: value.slice(1) };
  if (value.startsWith('@') && value.length > 1) return { kind: 'user', key: value.slice(1) };
  return { kind: 'literal', value };
}

/**
 * Replaces every reference in a value (nested in arrays and objects too) by its id; `problem` is told
 * of each unknown one with its pointer. Shared with the scenario runner, whose steps use the same forms.
 */
export function resolveReferences(value: unknown, pointer: string, lookup: { record(key: string): unknown; user(key: string): string | undefined }, problem: (detail: ErrorDetail) => void): unknown {
  if (typeof value === 'string') {
    const ref = referenceOf(value);
    if (ref.kind === 'literal') return ref.value;
    const id = ref.kind === 'record' ? lookup.record(ref.key) : lookup.user(ref.key);
    if (id === undefined) problem({ pointer, message: ref.kind === 'record' ? `unknown key "${ref.key}" (no earlier record has "$key": "${ref.key}")` : `unknown user "${ref.key}"` });
    return id ?? value;
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveReferences(item, `${pointer}/${i}`, lookup, problem));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, `${pointer}/${escape(k)}`, lookup, problem)]));
  return value;
}

/** Keys a value refers to (for the check before anything is written). */
function referencesIn(value: unknown, pointer: string, out: { pointer: string; kind: 'record' | 'user'; key: string }[]): void {
  if (typeof value === 'string') {
    const ref = referenceOf(value);
    if (ref.kind !== 'literal') out.push({ pointer, ...ref });
  } else if (Array.isArray(value)) value.forEach((item, i) => referencesIn(item, `${pointer}/${i}`, out));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) referencesIn(v, `${pointer}/${escape(k)}`, out);
}

function refused(what: string, details: ErrorDetail[]): PlatformError {
  const first = details.slice(0, 3).map((d) => `${d.pointer} ${d.message}`).join('; ');
  return new PlatformError('VALIDATION_FAILED', `${what} is not valid: ${first}${details.length > 3 ? ` (and ${details.length - 3} more)` : ''}`, { details });
}

/**
 * Every problem of the document's shape and references, before anything is created: not an object of
 * lists of records, a bad or repeated `$key`, a `$key` or user nobody defined (or defined only later).
 */
export function checkFixtures(document: unknown, refs: FixtureRefs = {}, base = ''): FixtureDocument {
  const details: ErrorDetail[] = [];
  if (!isPlainObject(document)) throw refused('The sample data', [{ pointer: base || '/', message: 'must be an object of record lists by object name' }]);
  const known = new Set(refs.records?.keys() ?? []);
  const users = refs.users ?? {};
  for (const [object, records] of Object.entries(document)) {
    const at = `${base}/${escape(object)}`;
    if (!Array.isArray(records)) {
      details.push({ pointer: at, message: 'must be a list of records' });
      continue;
    }
    records.forEach((record, i) => {
      const pointer = `${at}/${i}`;
      if (!isPlainObject(record)) {
        details.push({ pointer, message: 'must be an object of field values' });
        return;
      }
      const used: { pointer: string; kind: 'record' | 'user'; key: string }[] = [];
      for (const [field, value] of Object.entries(record)) if (field !== '$key') referencesIn(value, `${pointer}/${escape(field)}`, used);
      for (const ref of used) {
        if (ref.kind === 'user' && !Object.hasOwn(users, ref.key)) details.push({ pointer: ref.pointer, message: `unknown user "${ref.key}"` });
        if (ref.kind === 'record' && !known.has(ref.key)) details.push({ pointer: ref.pointer, message: `unknown key "${ref.key}" (no earlier record has "$key": "${ref.key}")` });
      }
      const key = record.$key;
      if (key === undefined) return;
      if (typeof key !== 'string' || !KEY.test(key)) details.push({ pointer: `${pointer}/$key`, message: 'must be 1-100 letters, digits, _, . or -' });
      else if (known.has(key)) details.push({ pointer: `${pointer}/$key`, message: `"${key}" names another record already` });
      else known.add(key);
    });
  }
  if (details.length) throw refused('The sample data', details);
  return document as FixtureDocument;
}

/** A refusal of one record's write, its pointers moved from the write (`/data/…`) to the record (`/contact/0/…`). */
function atRecord(error: unknown, pointer: string): unknown {
  if (!(error instanceof PlatformError)) return error;
  const details = error.details.length
    ? error.details.map((d) => ({ ...d, pointer: d.pointer.startsWith('/data') ? pointer + d.pointer.slice('/data'.length).replace(/^\/0(?=\/|$)/, '') : pointer }))
    : [{ pointer, message: error.message }];
  return new PlatformError(error.code, `${pointer}: ${error.message}`, { details, extensions: error.extra, cause: error });
}

/**
 * Checks the document, then creates its records in order through `writer`. The first refusal stops
 * the load (the caller's transaction rolls everything back) and names the record by its pointer.
 */
export async function loadFixtures(writer: FixtureWriter, document: unknown, refs: FixtureRefs = {}, base = ''): Promise<LoadedFixtures> {
  const checked = checkFixtures(document, refs, base);
  const keys = refs.records ?? new Map<string, string>();
  const users = refs.users ?? {};
  const lookup = { record: (key: string) => keys.get(key), user: (key: string) => (Object.hasOwn(users, key) ? users[key] : undefined) };
  const counts: Record<string, number> = {};
  let created = 0;
  for (const [object, records] of Object.entries(checked)) {
    for (const [i, record] of records.entries()) {
      const pointer = `${base}/${escape(object)}/${i}`;
      const { $key, ...values } = record;
      const data = resolveReferences(values, pointer, lookup, () => {}) as Record<string, unknown>;
      let row: Record<string, unknown>;
      try {
        row = (await writer.create(object, data)) as Record<string, unknown>;
      } catch (error) {
        throw atRecord(error, pointer);
      }
      if (typeof $key === 'string') keys.set($key, String(row.id));
      counts[object] = (counts[object] ?? 0) + 1;
      created++;
    }
  }
  return { created, keys, counts };
}
