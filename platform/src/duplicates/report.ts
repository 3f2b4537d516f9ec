import type pg from 'pg';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { ObjectModel, SchemaModel } from '../model/model.ts';
import { recordAccess } from '../security/record-access.ts';
import type { SecurityContext } from '../security/model.ts';
import type { RawMatch } from './match.ts';

/**
 * One duplicate as the caller is told of it (`extensions.duplicates` of a refused write, the
 * answer of `findDuplicates`). A record the caller may read — and whose matched fields they may
 * read — is named (`id`, `score`); any other is only said to exist (`hidden`), once per record
 * and rule: no id, no score, no count, no value, so a write is no oracle beyond "a duplicate
 * exists", which is what the rule is for (two reps must not chase one customer unknowingly).
 */
export interface DuplicateReport {
  /** The record of the input that duplicates (`/data`, `/data/3`). */
  pointer: string;
  rule: string;
  action: 'BLOCK' | 'WARN';
  /** The fields that matched (those of the rule's alternative that held). */
  fields: string[];
  id?: string;
  score?: number;
  /** A record the caller may not read (or whose matched fields they may not): it exists, nothing more. */
  hidden?: true;
  /** The other record is one of the same write (the earlier one's pointer). */
  batchRecord?: string;
}

export interface ReportContext {
  db: pg.ClientBase;
  model: SchemaModel;
  security?: SecurityContext;
}

/**
 * The matches as reports, in input order: each readable duplicate with its id and best score per
 * rule; unreadable ones folded into one `hidden` entry per record and rule. `batch`: the ids the
 * same write wrote (their matches are reported by pointer, not id).
 */
export async function reportMatches(ctx: ReportContext, object: ObjectModel, matches: RawMatch[], pointer: (index: number) => string, batch: Map<string, number> = new Map()): Promise<DuplicateReport[]> {
  const security = ctx.security && !ctx.security.bypass ? ctx.security : undefined;
  const outside = [...new Set(matches.filter((m) => !batch.has(m.id)).map((m) => m.id))];
  const access = security && outside.length ? await recordAccess(ctx.db, ctx.model, security, object.name, outside) : undefined;
  const readable = (m: RawMatch) => !security || (access!.get(m.id)?.readable === true && m.fields.every((f) => security.field(object.name, f).read));
  const best = new Map<string, DuplicateReport>();
  for (const m of matches) {
    const base = { pointer: pointer(m.index), rule: m.rule.name, action: m.rule.action };
    const other = batch.get(m.id);
    if (other !== undefined) {
      const key = `${m.index}|${m.rule.name}|b${other}`;
      if (!best.has(key)) best.set(key, { ...base, fields: m.fields, batchRecord: pointer(other) });
    } else if (readable(m)) {
      const key = `${m.index}|${m.rule.name}|${m.id}`;
      const seen = best.get(key);
      if (!seen || (seen.score ?? 0) < m.score) best.set(key, { ...base, fields: m.fields, id: m.id, score: m.score });
    } else {
      const key = `${m.index}|${m.rule.name}|hidden`;
      const seen = best.get(key);
      // The fields of a hidden match say which of the caller's own values matched: the rule's, not the record's.
      best.set(key, { ...base, fields: [...new Set([...(seen?.fields ?? []), ...m.fields])], hidden: true });
    }
  }
  const order = (r: DuplicateReport) => [r.pointer.length, r.pointer, r.rule, r.hidden ? 1 : 0, -(r.score ?? 0)] as const;
  return [...best.values()].sort((a, b) => {
    const x = order(a);
    const y = order(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
  });
}

/**
 * The refusal of a write that makes duplicates: CONFLICT (the closed set has no code of its own for
 * it, and a duplicate is a conflict with existing data, as a unique value is), with
 * `extensions.duplicates` (the reports), `extensions.allowDuplicates` (true when every match is by
 * a WARN rule: the same write with `allowDuplicates: true` goes through) and a detail at each
 * matched field's pointer.
 */
export function duplicatesError(object: ObjectModel, reports: DuplicateReport[]): PlatformError {
  const overridable = reports.every((r) => r.action === 'WARN');
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const r of reports) {
    const whom = r.id ? `${object.name} ${r.id}` : r.batchRecord ? `the record at ${r.batchRecord}` : `a ${object.name} you cannot see`;
    for (const field of r.fields) {
      const key = `${r.pointer}/${field}|${r.rule}|${r.id ?? r.batchRecord ?? 'hidden'}`;
      if (seen.has(key)) continue;
      seen.add(key);
      details.push({ pointer: `${r.pointer}/${field}`, message: `matches ${whom} (duplicate rule ${r.rule})`, field, rule: r.rule });
    }
  }
  const first = reports[0];
  const what = first.id ? `${object.name} ${first.id}` : first.batchRecord ? `another record of the same write (${first.batchRecord})` : `an existing ${object.name}`;
  const message = overridable
    ? `Possible duplicate: the ${object.name} at ${first.pointer} matches ${what} by the rule ${first.rule}; save with allowDuplicates: true to keep both`
    : `Duplicate: the ${object.name} at ${first.pointer} matches ${what} by the rule ${first.rule}`;
  return new PlatformError('CONFLICT', message, { details, extensions: { duplicates: reports, allowDuplicates: overridable } });
}
