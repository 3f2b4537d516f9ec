import { qualified, quoteIdent, quoteLiteral } from '../storage/sql/quote.ts';
import type { Source } from './tree.ts';

/** Accumulates parameters while SQL text is written; every value becomes `$n`, never text. */
export class SqlWriter {
  readonly params: unknown[] = [];

  param(value: unknown, cast?: string): string {
    this.params.push(value);
    return cast ? `$${this.params.length}::${cast}` : `$${this.params.length}`;
  }
}

export const ident = quoteIdent;

/** A JSON object key: GraphQL names and aliases only (`[_A-Za-z][_0-9A-Za-z]*`). */
export function jsonKey(key: string): string {
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(key)) throw new Error(`Unsafe JSON key ${key}`);
  return `'${key}'`;
}

/** A constant JSON value rendered as a literal (only values the platform itself produced). */
export function jsonConst(value: unknown): string {
  return `${quoteLiteral(JSON.stringify(value))}::json`;
}

/**
 * `json_build_object(k1, v1, …)`, or, past PostgreSQL's 100-argument limit, `row_to_json` over a
 * one-row select with the keys as column names (which keeps the keys' order).
 */
export function jsonObject(entries: readonly [string, string][]): string {
  if (entries.length <= 50) return `json_build_object(${entries.map(([k, v]) => `${jsonKey(k)}, ${v}`).join(', ')})`;
  return `(select row_to_json(__o) from (select ${entries.map(([k, v]) => `${v} as "${k}"`).join(', ')}) __o)`;
}

export function fromSql(source: Source): string {
  return `${qualified(source.schema, source.table)} ${quoteIdent(source.alias)}`;
}
