import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { evaluateRaw } from '../expressions/index.ts';
import { localize } from '../metadata/label.ts';
import type { SaveHook } from '../operations/index.ts';
import { compiledRules } from './compiled.ts';
import { evaluationContext, nestLookups, readRecords } from './records.ts';

/**
 * The save pipeline's validation rules, for every write path (GraphQL single and bulk, upserts,
 * scripts' ctx.db, commands, imports: they all save through the pipeline).
 *
 * It runs before the write, after the before-triggers (`scripts:before`) and the defaults, over
 * each record as it will be: a create's input (owner: the caller unless given), an update's stored
 * values with the change over them (read in one query, locked as the update will). The JavaScript
 * back end evaluates each rule's `assert` over it — one semantics with the SQL back end (the
 * property test holds them equal) — with the record before the change for PRIORVALUE and
 * ISCHANGED, and the records its lookups point to loaded (`account.industry`: one query per lookup
 * and level). A rule whose assert is FALSE refuses the record; TRUE and NULL pass.
 *
 * Every failure of every record is reported at once: VALIDATION_FAILED, one detail per failing rule
 * and record with the rule's message in the caller's locale, the rule's name, and the pointer of the
 * field it blames (`/data/<field>`, `/data/<i>/<field>` in a batch) or of the record. The whole
 * batch is refused (nothing written). Restores are not checked (the record was valid when it was
 * deleted; a restore brings it back as it was), nor deletes.
 */
export function validationRulesHook(): SaveHook {
  return {
    name: 'check',
    step: 'beforeWrite',
    events: ['create', 'update'],
    after: ['scripts:before'],
    async run(ctx, batch) {
      const rules = compiledRules(ctx.model, batch.object).filter((r) => r.rule.on === 'both' || r.rule.on === batch.kind);
      if (rules.length === 0 || batch.records.length === 0) return;
      const expressions = rules.map((r) => r.expression);
      const old = batch.kind === 'update' ? await readRecords(ctx, batch.object, batch.ids, true) : undefined;
      const prior = batch.records.map((_, i) => old?.get(batch.ids[i]) ?? null);
      // An update of a record that is not there is left to the write (NOT_FOUND).
      const checked = batch.records.map((_, i) => i).filter((i) => batch.kind === 'create' || prior[i] !== null);
      const records = batch.records.map((record, i) => (batch.kind === 'update' ? { ...prior[i], ...record } : { owner: ctx.principal.userId, ...record }));
      await nestLookups(ctx, checked.map((i) => records[i]), expressions);
      const context = await evaluationContext(ctx, expressions);
      const base = batch.pointer ?? ((i: number) => (batch.records.length > 1 && batch.kind === 'create' ? `/data/${i}` : '/data'));
      const details: ErrorDetail[] = [];
      for (const i of checked) {
        for (const { rule, expression } of rules) {
          if (evaluateRaw(expression, records[i], { ...context, prior: prior[i] }) !== false) continue;
          const detail: ErrorDetail = { pointer: rule.field ? `${base(i)}/${rule.field}` : base(i), message: localize(rule.message, ctx.principal.locale), rule: rule.name };
          if (rule.field) detail.field = rule.field;
          details.push(detail);
        }
      }
      if (details.length === 0) return;
      throw new PlatformError('VALIDATION_FAILED', details.length === 1 ? details[0].message : `${details[0].message} (and ${details.length - 1} more)`, {
        details, extensions: { rules: [...new Set(details.map((d) => d.rule as string))] },
      });
    },
  };
}
