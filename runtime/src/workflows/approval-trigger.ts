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
type Starter = (tx: pg.PoolClient, outcome: ApprovalOutcome) => Promise<void>;

/**
 * The "approval outcome" trigger, as the workflows plugin offers it to the approvals plugin of the
 * same server: keyed by the platform's pool (each server in a process has its own), set when the
 * workflows plugin is set up. The approvals plugin calls it in the transaction that ends a request,
 * so a run exists iff the outcome commits (dedupe: workflow, request, outcome).
 */
const starters = new WeakMap<pg.Pool, Starter>();

export function approvalOutcomeStarter(pool: pg.Pool): Starter | undefined {
  return starters.get(pool);
}

export function offerApprovalOutcomes(pool: pg.Pool, services: PluginServices): () => void {
  starters.set(pool, async (tx, o) => {
    const workflows = (await activeWorkflows(tx, o.tenantId)).filter((w) => w.trigger.type === 'approval' && w.object === o.object
      && (!w.trigger.flows?.length || w.trigger.flows.includes(o.flow)) && (!w.trigger.outcomes?.length || w.trigger.outcomes.includes(o.outcome)));
    if (!workflows.length) return;
    const schema = await schemaOf(tx, o.tenantId);
    for (const wf of workflows) {
      const run = await startRun(tx, { schema, tenantId: o.tenantId, workflow: wf.name, object: o.object, recordId: o.recordId, actorId: o.actorId ?? wf.runAs, trigger: { type: 'approval', flow: o.flow, request: o.request, outcome: o.outcome }, dedupe: `approval:${wf.name}:${o.request}:${o.outcome}`, now: services.clock.now() });
      if (run) await services.enqueue('advance', { tenantId: o.tenantId, runId: run }, { tx, tenantId: o.tenantId });
    }
  });
  return () => starters.delete(pool);
}
