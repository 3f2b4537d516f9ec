import type pg from 'pg';
import type { PluginServices } from '@tessera/platform';
import { schemaOf } from './engine.ts';
import { startRun } from './runs.ts';
import { activeWorkflows } from './triggers.ts';

export interface ApprovalOutcome {
  tenantId: string;
  flow: string;
  object: string;
  recordId: string;
  request: string;
  outcome: 'approved' | 'rejected' | 'withdrawn' | 'terminated';
  actorId: string | null;
}
/** Starts the workflows an approval outcome triggers, in the transaction that ends the request. */
export type ApprovalOutcomeStarter = (tx: pg.PoolClient, outcome: ApprovalOutcome) => Promise<void>;

/** The name the workflows plugin offers it under (`services.use` in the approvals plugin). */
export const APPROVAL_OUTCOME = 'workflows.approvalOutcome';

/**
 * The "approval outcome" trigger, offered to the approvals plugin of the same server through the
 * plugin services (`offer` / `use`). The approvals plugin calls it in the transaction that ends a
 * request, so a run exists iff the outcome commits (dedupe: workflow, request, outcome).
 */
export function offerApprovalOutcomes(services: PluginServices): void {
  const start: ApprovalOutcomeStarter = async (tx, o) => {
    const workflows = (await activeWorkflows(tx, o.tenantId)).filter((w) => w.trigger.type === 'approval' && w.object === o.object
      && (!w.trigger.flows?.length || w.trigger.flows.includes(o.flow)) && (!w.trigger.outcomes?.length || w.trigger.outcomes.includes(o.outcome)));
    if (!workflows.length) return;
    const schema = await schemaOf(tx, o.tenantId);
    for (const wf of workflows) {
      const run = await startRun(tx, { schema, tenantId: o.tenantId, workflow: wf.name, object: o.object, recordId: o.recordId, actorId: o.actorId ?? wf.runAs, trigger: { type: 'approval', flow: o.flow, request: o.request, outcome: o.outcome }, dedupe: `approval:${wf.name}:${o.request}:${o.outcome}`, now: services.clock.now() });
      if (run) await services.enqueue('advance', { tenantId: o.tenantId, runId: run }, { tx, tenantId: o.tenantId });
    }
  };
  services.offer(APPROVAL_OUTCOME, start);
}
