import type { SaveHook } from '../operations/index.ts';
import { alternatives } from '../metadata/duplicate-rules.ts';
import { matchCandidates, usableRules } from './match.ts';
import { duplicatesError, reportMatches } from './report.ts';

/**
 * The save pipeline's duplicate check, for every write path (GraphQL single and bulk, upserts,
 * scripts' ctx.db, commands, imports: they all save through the pipeline).
 *
 * It runs at `afterWrite`, first there (before record history and after-triggers): by then the
 * before-write hooks (before-triggers) have had their say and the rows are written, so the check
 * compares the records as stored — an update's unchanged fields included — with every other live
 * record, those of the same batch too, in one statement. Per batch: the advisory locks of
 * match.ts `lockCandidates` (concurrent writers of the same duplicate wait for each other: of two
 * transactions inserting one phone number under a BLOCK rule, exactly one commits), then the look:
 * two statements.
 * A refusal rolls the write back with the transaction, as any failed step does.
 *
 * Updates are checked by the rules whose fields they write (an edit of something else does not
 * trip over a duplicate that was allowed, or existed before the rule). WARN rules are not checked
 * at all when the write says `allowDuplicates: true`; BLOCK rules always are. A restore is checked
 * by the BLOCK rules (it has no input to say allowDuplicates, and must not bring back a record that
 * a BLOCK rule would refuse to create: a merged duplicate, say). Deletes are not checked.
 */
export function duplicatesHook(): SaveHook {
  return {
    name: 'check',
    step: 'afterWrite',
    events: ['create', 'update', 'restore'],
    async run(ctx, batch) {
      const lifted = batch.allowDuplicates || batch.kind === 'restore';
      const rules = usableRules(batch.object, batch.object.duplicateRules.filter((r) => r.action === 'BLOCK' || !lifted));
      if (rules.length === 0 || batch.ids.length === 0) return;
      const fieldsOf = new Map(rules.map((r) => [r.name, new Set(alternatives(r.match).flat().map((l) => l.field))]));
      const concerns = (i: number, rule: string) => batch.kind !== 'update' || Object.keys(batch.records[i] ?? {}).some((f) => fieldsOf.get(rule)!.has(f));
      const checked = batch.ids.map((_, i) => i).filter((i) => rules.some((r) => concerns(i, r.name)));
      if (checked.length === 0) return;
      const ids = checked.map((i) => batch.ids[i]);
      const position = new Map(batch.ids.map((id, i) => [id, i]));
      const matches = (await matchCandidates(ctx.db, ctx.model, batch.object, rules, { kind: 'rows', ids }, { lock: true }))
        .map((m) => ({ ...m, index: checked[m.index] }))
        .filter((m) => concerns(m.index, m.rule.name))
        // Two records of one batch match each other: the later one is the duplicate.
        .filter((m) => !position.has(m.id) || position.get(m.id)! < m.index);
      if (matches.length === 0) return;
      // A bulk update has one `data` for all its records; a create, one per record; a restore, its id.
      const pointer = (i: number) => (batch.kind === 'restore' ? '/id' : batch.kind === 'create' && batch.records.length > 1 ? `/data/${i}` : '/data');
      const inBatch = batch.kind === 'create' ? position : new Map<string, number>();
      throw duplicatesError(batch.object, await reportMatches(ctx, batch.object, matches, pointer, inBatch));
    },
  };
}
