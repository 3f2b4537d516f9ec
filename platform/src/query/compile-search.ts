import { whereSql } from './compile-expr.ts';
import type { SearchQuery, ShapeEntry } from './tree.ts';
import { fromSql, ident, type SqlWriter } from './writer.ts';

/**
 * A search as one scalar subquery: a JSON array of hits, each the query's entries plus how it
 * matched (`exact`, `prefix`, `similarity`), best first.
 *
 * The candidates' ids come from two uncorrelated arrays, each read through the columns' trigram
 * indexes (`tessera.search_key(column) LIKE …`, a BitmapOr over the fields) under the scoping
 * walk's conditions: at most `candidates` rows that begin with the text, then as many that contain
 * it. Every candidate is re-checked on the text itself (`strpos(lower(column), lower(text))`): the
 * key's hex form can match across a character boundary (migration 0012-search). Only the
 * candidates are ranked — exact value first, then prefix, then pg_trgm similarity of the keys —
 * so a fragment that tens of thousands of records contain costs what a rarer one does, and every
 * exact or prefix match is among them unless there are more of those than `candidates`.
 */
export function searchSql(w: SqlWriter, q: SearchQuery, entriesSql: (entries: readonly ShapeEntry[], extra: [string, string][]) => string): string {
  const a = ident(q.from.alias);
  const text = w.param(q.text, 'text');
  const lowered = `lower(${text})`;
  const cols = q.columns.map((c) => `${a}.${ident(c)}`);
  const any = (each: (c: string) => string) => `(${cols.map(each).join(' or ')})`;
  const contains = any((c) => `(tessera.search_key(${c}) like tessera.search_pattern(${text}) and strpos(lower(${c}), ${lowered}) > 0)`);
  const begins = any((c) => `(tessera.search_key(${c}) like tessera.search_prefix_pattern(${text}) and starts_with(lower(${c}), ${lowered}))`);
  const exact = any((c) => `coalesce(lower(${c}) = ${lowered}, false)`);
  const prefix = any((c) => `coalesce(starts_with(lower(${c}), ${lowered}), false)`);
  const similarity = `greatest(${cols.map((c) => `coalesce(tessera.search_similarity(tessera.search_key(${c}), tessera.search_key(${text})), 0)`).join(', ')})`;
  const scoped = [...q.link, ...q.where];
  const limit = w.param(q.candidates, 'int');
  const ids = (match: string) => `array(select ${a}."id" from ${fromSql(q.from)}${whereSql(w, scoped)}${scoped.length ? ' and' : ' where'} ${match} limit ${limit})`;
  const order = `"__exact" desc, "__prefix" desc, "__similarity" desc, ${a}."id"`;
  const ranked = `select ${a}.*, ${exact} as "__exact", ${prefix} as "__prefix", ${similarity} as "__similarity" from ${fromSql(q.from)}`
    + ` where ${a}."id" = any(${ids(begins)} || ${ids(contains)}) order by ${order} limit ${w.param(q.first, 'int')}`;
  const hit = entriesSql(q.entries, [['exact', `${a}."__exact"`], ['prefix', `${a}."__prefix"`], ['similarity', `${a}."__similarity"`]]);
  return `coalesce((select json_agg(${hit} order by ${order}) from (${ranked}) ${a}), '[]'::json)`;
}
