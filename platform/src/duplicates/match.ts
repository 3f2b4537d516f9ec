import type pg from 'pg';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel, SchemaModel } from '../model/model.ts';
import { alternatives, matchKeySql, type DuplicateFieldMatch, type DuplicateRule } from '../metadata/duplicate-rules.ts';
import { qualified, quoteIdent, quoteLiteral } from '../storage/sql/quote.ts';

/** At most this many existing records are reported per record, rule and alternative. */
export const MATCHES_PER_RECORD = 10;
/**
 * At most this many matches are ranked per record, rule and alternative: a very common name (a
 * thousand namesakes) stops the scan after as many true matches (each re-checked against its
 * threshold before it counts, so no match is missed for lack of room), not after all of them.
 */
const MATCHES_RANKED = 50;
/** Past this many trigram locks for one write, a fuzzy-only alternative takes one lock for the whole rule. */
const MAX_TRIGRAM_LOCKS = 256;

/** One existing record that a candidate record duplicates by a rule. */
export interface RawMatch {
  /** The candidate's index (batch order). */
  index: number;
  rule: DuplicateRule;
  id: string;
  /** The fields of the alternative that matched. */
  fields: string[];
  /** 1 for exact and normalized matches; the least trigram similarity of its fuzzy matches otherwise. */
  score: number;
}

/** The records to check: written rows of the table (by id, in the write's transaction), or values not yet written. */
export type Candidates =
  | { kind: 'rows'; ids: string[] }
  | { kind: 'values'; rows: Map<string, unknown>[]; exclude?: string[] };

interface Column { field: string; column: string; sqlType: string }

/** The columns a set of rules reads, one per matched field. */
function columnsOf(object: ObjectModel, rules: DuplicateRule[]): Column[] {
  const out = new Map<string, Column>();
  for (const rule of rules) for (const alt of alternatives(rule.match)) for (const leaf of alt) {
    const field = object.catalog.fields.get(leaf.field)?.definition;
    if (!field || out.has(leaf.field)) continue;
    const spec = fieldType(field.type).columns(field)[0];
    out.set(leaf.field, { field: leaf.field, column: spec.column, sqlType: spec.sqlType });
  }
  return [...out.values()];
}

/** The candidates as a derived table `w(_i, _id, <columns>)`, and its parameter. */
function candidatesSql(model: SchemaModel, object: ObjectModel, columns: Column[], candidates: Candidates): { sql: string; param: unknown } {
  const table = qualified(model.schema, object.catalog.tableName);
  if (candidates.kind === 'rows') {
    const cols = columns.map((c) => `t.${quoteIdent(c.column)}`).join(', ');
    return { sql: `select (x.n - 1)::int as _i, t.id as _id${cols ? `, ${cols}` : ''} from unnest($1::uuid[]) with ordinality as x(id, n) join ${table} t on t.id = x.id`, param: candidates.ids };
  }
  const rows = candidates.rows.map((values, i) => Object.fromEntries([['_i', i], ...columns.map((c) => [c.column, values.get(c.column) ?? null])]));
  const spec = ['_i int', ...columns.map((c) => `${quoteIdent(c.column)} ${c.sqlType}`)].join(', ');
  return { sql: `select x._i, null::uuid as _id${columns.map((c) => `, x.${quoteIdent(c.column)}`).join('')} from json_to_recordset($1::json) as x(${spec})`, param: JSON.stringify(rows) };
}

const keyOf = (object: ObjectModel, alias: string, leaf: DuplicateFieldMatch) => {
  const field = object.catalog.fields.get(leaf.field)!.definition;
  return matchKeySql(`${alias}.${quoteIdent(fieldType(field.type).columns(field)[0].column)}`, leaf, field);
};

/** The rules whose every matched field the object still has (a rule is inert while a field it names is missing). */
export function usableRules(object: ObjectModel, rules: DuplicateRule[]): DuplicateRule[] {
  return rules.filter((r) => alternatives(r.match).every((alt) => alt.every((leaf) => object.catalog.fields.has(leaf.field))));
}

let trigramSchemaOf: Promise<string> | undefined;

/** Where pg_trgm lives (migration 0012-search: `tessera` unless the database had it elsewhere); asked once per process. */
function trigramSchema(db: pg.ClientBase): Promise<string> {
  trigramSchemaOf ??= db.query<{ schema: string }>(`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`)
    .then((r) => r.rows[0]?.schema ?? 'tessera')
    .catch((error: unknown) => { trigramSchemaOf = undefined; throw error; });
  return trigramSchemaOf;
}

/**
 * Serializes writers that could make the same duplicate, before they look (a statement of its own,
 * so that the look that follows — READ COMMITTED — sees what a writer holding the lock committed):
 * one transaction-scoped advisory lock per candidate, rule and alternative, keyed by the tenant,
 * the rule and the alternative's exact and normalized keys. Two transactions inserting the same
 * normalized phone take the same lock: the second waits for the first to commit, then finds its
 * record. An alternative of fuzzy matches only has no such key; two records it pairs share at
 * least one trigram of its first fuzzy field (similarity > 0 needs one), so it locks each trigram
 * of that key — unless the write has more than MAX_TRIGRAM_LOCKS of them, when one lock for the
 * whole rule serializes its writers. Keys are hashed and locked in one statement, in sorted order,
 * so two such statements never deadlock each other; a hash collision only makes a writer wait.
 * The same statement sets the similarity threshold the look needs (`setThreshold`).
 */
async function lockCandidates(db: pg.ClientBase, model: SchemaModel, object: ObjectModel, rules: DuplicateRule[], w: { sql: string; param: unknown }, threshold: string | null): Promise<void> {
  const exact: string[] = [];
  const fuzzy: string[] = [];
  const prefixes: string[] = [];
  const trgm = quoteIdent(await trigramSchema(db));
  rules.forEach((rule) => alternatives(rule.match).forEach((alt, a) => {
    const prefix = `${model.schema}|${rule.name}|${a}|`;
    const keyed = alt.filter((l) => l.match !== 'fuzzy');
    if (keyed.length) exact.push(`select ${quoteLiteral(prefix)} || concat_ws('|', ${keyed.map((l) => keyOf(object, 'w', l)).join(', ')}) as k from w where ${keyed.map((l) => `${keyOf(object, 'w', l)} is not null`).join(' and ')}`);
    else {
      fuzzy.push(`select ${quoteLiteral(prefix)} || g as k from w, unnest(${trgm}.show_trgm(${keyOf(object, 'w', alt[0])})) as g`);
      prefixes.push(prefix);
    }
  }));
  const none = 'select null::text as k where false';
  await db.query(
    `with w as (${w.sql}),
       e as (select distinct k from (${[...exact, none].join(' union all ')}) e0),
       f as (select distinct k from (${[...fuzzy, none].join(' union all ')}) f0),
       n as (select count(*) as n from f),
       keys as (select k from e union all select k from f, n where n.n <= ${MAX_TRIGRAM_LOCKS} union all select p from unnest($2::text[]) as p, n where n.n > ${MAX_TRIGRAM_LOCKS})
     select count(pg_advisory_xact_lock(h)) as locked${threshold === null ? '' : `, ${setThreshold('$3')}`}
     from (select distinct hashtextextended(k, 0) as h from keys order by 1) s`,
    threshold === null ? [w.param, prefixes] : [w.param, prefixes, threshold]);
}

/** pg_trgm's `%` compares with the session's threshold (set_config local: this transaction only), which the index scan uses. */
const setThreshold = (param: string) => `set_config('pg_trgm.similarity_threshold', ${param}, true)`;

/**
 * The existing live records each candidate duplicates, by every rule (one statement: a union of
 * one join per rule and alternative, each limited to MATCHES_PER_RECORD, best first of at most
 * MATCHES_RANKED). Exact and
 * normalized keys are compared by equality (btree expression indexes); fuzzy ones by pg_trgm's
 * `%` (GIN trigram indexes), the session's similarity threshold set to the least of the
 * statement's, then each match's own threshold checked. Written candidates match each other
 * (the same batch) but never themselves. `lock`: written candidates take their locks first
 * (`lockCandidates`), as writes do. Rights are not applied here: the callers decide what the
 * caller may be told (report.ts).
 */
/** The similarity threshold a statement over these rules sets for pg_trgm's `%`: the least of its fuzzy matches', or null when it has none. */
export function fuzzyThreshold(rules: DuplicateRule[]): string | null {
  const thresholds = rules.flatMap((r) => alternatives(r.match).flat()).filter((l) => l.match === 'fuzzy').map((l) => l.threshold ?? 0.6);
  return thresholds.length ? String(Math.min(...thresholds)) : null;
}

export async function matchCandidates(db: pg.ClientBase, model: SchemaModel, object: ObjectModel, rules: DuplicateRule[], candidates: Candidates, options: { lock?: boolean; thresholdSet?: boolean } = {}): Promise<RawMatch[]> {
  const count = candidates.kind === 'rows' ? candidates.ids.length : candidates.rows.length;
  if (count === 0 || rules.length === 0) return [];
  const columns = columnsOf(object, rules);
  const w = candidatesSql(model, object, columns, candidates);
  const table = qualified(model.schema, object.catalog.tableName);
  const params: unknown[] = [w.param];
  let exclude = '';
  if (candidates.kind === 'values' && candidates.exclude?.length) {
    params.push(candidates.exclude);
    exclude = ` and t.id <> all($2::uuid[])`;
  }
  let trgm: string | undefined;
  const parts: string[] = [];
  const shapes: { rule: DuplicateRule; fields: string[] }[] = [];
  for (const rule of rules) {
    for (const alt of alternatives(rule.match)) {
      const conditions: string[] = [];
      const scores: string[] = [];
      for (const leaf of alt) {
        const mine = keyOf(object, 'w', leaf);
        const theirs = keyOf(object, 't', leaf);
        if (leaf.match !== 'fuzzy') { conditions.push(`${theirs} = ${mine}`); continue; }
        trgm ??= quoteIdent(await trigramSchema(db));
        const threshold = leaf.threshold ?? 0.6;
        conditions.push(`${theirs} operator(${trgm}.%) ${mine}`, `tessera.search_similarity(${theirs}, ${mine}) >= ${quoteLiteral(threshold)}`);
        scores.push(`tessera.search_similarity(${theirs}, ${mine})`);
      }
      const score = scores.length === 0 ? '1::real' : scores.length === 1 ? scores[0] : `least(${scores.join(', ')})`;
      const shape = shapes.push({ rule, fields: [...new Set(alt.map((l) => l.field))] }) - 1;
      const found = `select t.id, ${score} as s from ${table} t where t."deletedAt" is null and t.id is distinct from w._id${exclude} and ${conditions.join(' and ')}`;
      parts.push(`select w._i, ${shape} as a, m.id, m.s from w cross join lateral (${scores.length
        ? `select c.id, c.s from (${found} limit ${MATCHES_RANKED}) c order by c.s desc limit ${MATCHES_PER_RECORD}`
        : `${found} limit ${MATCHES_PER_RECORD}`}) m`);
    }
  }
  const threshold = options.thresholdSet ? null : fuzzyThreshold(rules);
  if (options.lock && candidates.kind === 'rows') await lockCandidates(db, model, object, rules, w, threshold);
  else if (threshold !== null) await db.query(`select ${setThreshold('$1')}`, [threshold]);
  const { rows } = await db.query<{ _i: number; a: number; id: string; s: number }>(`with w as (${w.sql}) ${parts.join('\nunion all\n')}`, params);
  return rows.map((r) => ({ index: r._i, rule: shapes[r.a].rule, id: r.id, fields: shapes[r.a].fields, score: Math.round(Number(r.s) * 1000) / 1000 }));
}
