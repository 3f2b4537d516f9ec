import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { metadataClient } from '../../../platform/test/support/server.ts';
import { LEAD, startWorkflowServer, TASK, wfTenant, type WfTenant } from './support.ts';

/**
 * `{expr}` values inside a step's record filter (update, forEach), evaluated over the run's record:
 * how a workflow reaches the records related to its own (the lines of an order, the tasks of a lead).
 * Before, the filter went to the records API as written and the step failed.
 */
let server: RunningServer;
let t: WfTenant;

beforeAll(async () => {
  server = await startWorkflowServer();
  t = await wfTenant(server, [LEAD, { ...TASK, fields: [...TASK.fields, { name: 'done', type: 'boolean' }, { name: 'note', type: 'text' }] }]);
}, 120_000);
afterAll(async () => { await server?.close(); });

const tasksOf = async (lead: string) => (await t.api('query($l: ID!) { tasks(filter: {lead: {id: {eq: $l}}}, orderBy: [{subject: ASC}]) { nodes { subject done note } } }', { l: lead })).tasks.nodes;

describe('workflow step filters with {expr} values', () => {
  it('forEach and a filtered update reach only the run\'s record\'s children', async () => {
    await t.apply({ workflows: [
      { name: 'closeTasks', object: 'lead', trigger: { type: 'record', on: ['update'], fields: ['status'], condition: 'status = "Lost"' }, steps: [
        { id: 'each', type: 'forEach', object: 'task', filter: { lead: { id: { eq: { expr: 'id' } } } }, workflow: 'markTask' },
        { id: 'all', type: 'update', object: 'task', filter: { and: [{ lead: { id: { eq: { expr: 'id' } } } }, { subject: { startsWith: { expr: '"call "' } } }] }, data: { note: { expr: '"lead " & name & " lost"' } } },
      ] },
      { name: 'markTask', object: 'task', trigger: { type: 'manual' }, steps: [{ id: 'done', type: 'update', data: { done: true } }] },
    ] });
    const { createLead: a } = await t.api('mutation { createLead(data: {name: "A"}) { id } }');
    const { createLead: b } = await t.api('mutation { createLead(data: {name: "B"}) { id } }');
    await t.api('mutation($a: ID!, $b: ID!) { createTasks(data: [{subject: "call A", lead: $a}, {subject: "mail A", lead: $a}, {subject: "call B", lead: $b}]) { id } }', { a: a.id, b: b.id });
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {status: "Lost"}) { id } }', { id: a.id });
    // On the test clock, moving it runs what is due (the trigger, then the child runs).
    await t.advance('PT1S'); await t.advance('PT1S');
    await t.until(async () => { await t.advance('PT1S'); return (await t.runs('markTask')).filter((r: any) => r.status === 'completed').length === 2 && (await t.runs('closeTasks'))[0]?.status === 'completed'; }, 60_000);
    const [run] = await t.runs('closeTasks');
    expect(run.error).toBeNull();
    expect(run.steps[0].output.records).toBe(2);
    expect(await tasksOf(a.id)).toEqual([{ subject: 'call A', done: true, note: 'lead A lost' }, { subject: 'mail A', done: true, note: null }]);
    // The other lead's task is untouched: the filter was the run's record's, not every task.
    expect(await tasksOf(b.id)).toEqual([{ subject: 'call B', done: null, note: null }]);
  });

  it('type-checks an {expr} in a filter when the workflow is saved, pointing into the filter', async () => {
    const meta = metadataClient(server, t.apiKey);
    const res = await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { workflows: [
      { name: 'badFilter', object: 'lead', trigger: { type: 'manual' }, steps: [{ id: 'each', type: 'forEach', object: 'task', filter: { lead: { id: { eq: { expr: 'nosuchField' } } } }, workflow: 'markTask' }] },
    ] } });
    expect(res.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(res.errors?.[0].extensions?.errors.map((d: any) => d.pointer)).toEqual(['/workflows/0/steps/0/filter/lead/id/eq/expr']);
  });
});
