import { definePlugin, type OperationContext, type Plugin, type PluginQuery, type PluginServices, type QueryCall } from '@tessera/platform';
import { afterCreate, applyForCaller, assignmentLog, assignOnCreate } from './assign.ts';
import { allRules } from './config.ts';
import { dispatchAfterWrite, dispatchesOf, dispatchQueued } from './dispatch.ts';
import { assignmentRuleKind, dispatchRuleKind } from './kind.ts';
import { migrations } from './tables.ts';

const S = { type: 'String' as const, required: true };
const field = (name: string, description: string, args: PluginQuery['args'], properties: Record<string, unknown>, run: (op: OperationContext, input: any, call: QueryCall) => Promise<unknown>): PluginQuery => ({
  name, description, args,
  input: { type: 'object', additionalProperties: false, required: Object.entries(args ?? {}).filter(([, a]) => a.required).map(([k]) => k), properties },
  run: (call) => run(call.op, call.input, call),
});

/**
 * Dispatch (派单, kind `dispatchRules`) and assignment (分配, kind `assignmentRules`) of records of
 * any object with an owner, on the pools plugin: dispatch moves a record that meets a rule to the
 * next stage's team inside working hours (queued by a timer outside them); assignment gives records
 * created without an owner, or selected by a manager, to a rep by the first rule that holds
 * (round-robin, load-balanced, named by the customer, best to best), within every cap.
 */
export function createAssignmentPlugin(): Plugin {
  const held: { services?: PluginServices } = {};
  const services = () => held.services!;
  return definePlugin({
    name: 'assignment', version: '0.1.0', label: { en: 'Dispatch and assignment', zh: '派单与分配' },
    after: ['permissions', 'audit', 'scripts', 'workflows', 'approvals'],
    requires: { pools: '^0.1.0' },
    description: 'Dispatch rules (the next stage\'s team, inside working hours) and assignment rules (round-robin, load-balanced, named rep, best to best) for any object with an owner, within pool caps.',
    metadataKinds: [dispatchRuleKind(), assignmentRuleKind()],
    migrations,
    saveHooks: [
      // Before the pools' guard: the owner chosen is written with the record, and the guard holds its cap.
      { name: 'assign', step: 'beforeWrite', events: ['create'], before: ['pools:guard'], run: (ctx, batch) => assignOnCreate(ctx, batch, services().clock.now()) },
      {
        name: 'dispatch', step: 'afterWrite', events: ['create', 'update'], after: ['pools:track'],
        async run(ctx, batch) {
          if (batch.kind === 'create') await afterCreate(ctx, batch, services().clock.now());
          await dispatchAfterWrite(ctx, batch, services());
        },
      },
    ],
    jobs: [
      {
        name: 'dispatch',
        async run(p: { tenantId: string; object: string; id: string; rule: string }, ctx) {
          const { op } = await ctx.asSystem(p.tenantId, ctx.tx, { via: 'workflow' });
          await dispatchQueued(op, p, ctx);
        },
      },
    ],
    mutations: [
      field('applyAssignmentRules', 'Applies the object\'s assignment rules to the records named (administrators and pool managers): {assigned: [{id, owner, rule}], unassigned: [{id, rule, reason}]}.',
        { object: S, ids: { type: 'ID', list: true, required: true } }, { object: { type: 'string' }, ids: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string' } } },
        (op, i) => applyForCaller(op, i.object, i.ids, services().clock.now())),
    ],
    queries: [
      field('assignmentRuleDefinitions', 'The dispatch and assignment rules (of one object with `object`), as documents carry them: what the studio lists and edits.', { object: { type: 'String' } }, { object: { type: ['string', 'null'] } },
        async (op, i) => {
          if (op.security && !op.security.bypass && !op.principal.isAdmin) return { assignmentRules: [], dispatchRules: [] };
          const all = allRules(op.model);
          const keep = <T extends { object: string }>(l: T[]) => l.filter((r) => !i.object || r.object === i.object);
          return { assignmentRules: keep(all.assignmentRules), dispatchRules: keep(all.dispatchRules) };
        }),
      field('assignmentLog', 'What assignment did with a record, oldest first: [{at, rule, owner, reason}].', { object: S, id: { type: 'ID', required: true } }, { object: { type: 'string' }, id: { type: 'string' } },
        (op, i, call) => assignmentLog(op, i.object, i.id, call.api)),
      field('dispatches', 'A record\'s dispatches: [{rule, state (queued | done | dropped), matchedAt, dueAt, doneAt}].', { object: S, id: { type: 'ID', required: true } }, { object: { type: 'string' }, id: { type: 'string' } },
        async (op, i, call) => (op.model.objects.has(i.object) && /^[0-9a-f-]{36}$/i.test(i.id) && (await call.api.get(i.object, i.id)) ? dispatchesOf(op, i.object, i.id) : [])),
    ],
    setup(s) {
      held.services = s;
    },
  });
}
