import { whereSql } from './compile-expr.ts';
import type { SearchQuery, ShapeEntry } from './tree.ts';
import { fromSql, ident, type SqlWriter } from './writer.ts';

/**
 * A search as one scalar subquery: a JSON array of hits, each the query's entries plus how it
 * matched (`exact`, `prefix`, `similarity`), best first.
 *
 * The candidates are read through the columns' trigram indexes (`tessera.search_key(column) LIKE
 * …`, a BitmapOr over the fields) under the scoping walk's conditions, and each is re-checked on
 * the text itself (`strpos(lower(column), lower(text))`): the key's hex form can match across a
 * character boundary (migration 0012-search). At most `candidates` rows are read and ranked —
 * exact value first, then prefix, then pg_trgm similarity of the keys — so a fragment that tens of
 * thousands of records contain costs what a rarer one does; when more records match, the ranking
 * is among the first `candidates` found.
 */
export function searchSql(w: SqlWriter, q: SearchQuery, entriesSql: (entries: readonly ShapeEntry[], extra: [string, string][]) => string): string {
  const a = ident(q.from.alias);
  const text = w.param(q.text, 'text');
  const lowered = `lower(${text})`;
  const cols = q.columns.map((c) => `${a}.${ident(c)}`);
  const any = (each: (c: string) => string) => `(${cols.map(each).join(' or ')})`;
  // The text itself first: cheap, and false for the columns a candidate was not found by.
  const contains = any((c) => `(strpos(lower(${c}), ${lowered}) > 0 and tessera.search_key(${c}) like tessera.search_pattern(${text}))`);
  const exact = any((c) => `coalesce(lower(${c}) = ${lowered}, false)`);
  const prefix = any((c) => `coalesce(starts_with(lower(${c}), ${lowered}), false)`);
  // Similarity only where the text is (most hits match one field), computed on the candidates alone.
  const key = `tessera.search_key(${text})`;
  const similarity = `coalesce(greatest(${cols.map((c) => `case when strpos(lower(${c}), ${lowered}) > 0 then tessera.search_similarity(tessera.search_key(${c}), ${key}) end`).join(', ')}), 0)`;
  const scoped = whereSql(w, [...q.link, ...q.where]);
  const candidates = `select ${a}.* from ${fromSql(q.from)}${scoped ? `${scoped} and` : ' where'} ${contains} limit ${w.param(q.candidates, 'int')}`;
  const order = `"__exact" desc, "__prefix" desc, "__similarity" desc, ${a}."id"`;
  const ranked = `select ${a}.*, ${exact} as "__exact", ${prefix} as "__prefix", ${similarity} as "__similarity" from (${candidates}) ${a}`
    + ` order by ${order} limit ${w.param(q.first, 'int')}`;
  const hit = entriesSql(q.entries, [['exact', `${a}."__exact"`], ['prefix', `${a}."__prefix"`], ['similarity', `${a}."__similarity"`]]);
  return `coalesce((select json_agg(${hit} order by ${order}) from (${ranked}) ${a}), '[]'::json)`;
}
