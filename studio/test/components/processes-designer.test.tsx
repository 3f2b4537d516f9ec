import { describe, expect, it } from 'vitest';
import labelSchema from '../../../platform/src/metadata/schemas/label.schema.json';
import { processes } from '../../src/setup/processes/i18n.ts';
import { processesNav } from '../../src/setup/processes/i18n-nav.ts';
import { diffVersions } from '../../src/setup/processes/diff.ts';
import { addItem, renameStep } from '../../src/setup/processes/edit.ts';
import { approvalGraph, workflowGraph } from '../../src/setup/processes/graph.ts';
import { layoutGraph, NODE_WIDTH } from '../../src/setup/processes/layout.ts';
import { APPROVAL_FLOWS, WORKFLOWS, type ApprovalFlowDoc, type WorkflowDoc } from '../../src/setup/processes/model.ts';
import { FLOW_SETTINGS, fromForm, inputToValue, NODE_PROPS, STEP_PROPS, toForm, TRIGGER_PROPS, valueToInput } from '../../src/setup/processes/props.ts';
import { compileKindSchema, problemsByNode, schemaProblems, serverProblems } from '../../src/setup/processes/validate.ts';

/** The designers' model without a browser: the graph drawn from a document, its layout, the side panel's round trip, the schema's problems placed on nodes, the version diff. */
const WF: WorkflowDoc = {
  name: 'bigDeal', object: 'deal', active: true, trigger: { type: 'record', on: ['update'], fields: ['amount'], condition: 'amount > 0' },
  steps: [
    { id: 'check', type: 'branch', branches: [{ when: 'amount > 1000', next: 'flag' }, { when: 'amount < 0', next: 'end' }], otherwise: 'tell' },
    { id: 'flag', type: 'update', data: { note: 'big', score: { expr: 'amount / 100' }, ok: true } },
    { id: 'tell', type: 'notify', to: [{ expr: 'ownerId' }, '0190c2a0-0000-7000-8000-000000000001'], title: 'Deal', body: { expr: 'name' }, email: false },
    { id: 'later', type: 'wait', duration: 'PT1H', business: true, label: 'An hour', next: 'flag' },
  ],
};
const FLOW: ApprovalFlowDoc = {
  name: 'dealApproval', object: 'deal', entryCriteria: 'amount > 10',
  nodes: [
    { id: 'area', mode: 'any', approvers: [{ type: 'user', users: ['0190c2a0-0000-7000-8000-000000000001'] }, { type: 'manager', depth: 2 }] },
    { id: 'finance', mode: 'all', condition: 'amount > 100', approvers: [{ type: 'role', role: 'finance' }], cc: [{ type: 'field', field: 'reviewer' }] },
    { id: 'board', mode: 'vote', threshold: 0.66, approvers: [{ type: 'group', group: 'board', weight: 2 }], timeout: { after: 'PT8H', business: true, action: 'escalate' } },
  ],
  onApproved: { update: { status: 'Approved' } },
};
// The engine's own schemas (paths held in variables: tsc does not pull runtime/ into the studio's project).
const WORKFLOW_DEFINITION: string = '../../../runtime/src/workflows/definition.ts';
const APPROVAL_DEFINITION: string = '../../../runtime/src/approvals/definition.ts';
const { workflowSchema } = await import(/* @vite-ignore */ WORKFLOW_DEFINITION);
const { approvalFlowSchema } = await import(/* @vite-ignore */ APPROVAL_DEFINITION);
const schemas = [labelSchema as Record<string, unknown>, { $id: 'tessera:workflow', ...workflowSchema }, { $id: 'tessera:approvalFlow', ...approvalFlowSchema }];

describe('the graph drawn from a document', () => {
  it('has the trigger, a node per step and the end; edges for each branch, otherwise, next, and the step after', () => {
    const g = workflowGraph(WF);
    expect(g.nodes.map((n) => n.id)).toEqual(['trigger', 'step:0', 'step:1', 'step:2', 'step:3', 'end']);
    expect(g.edges.map((e) => `${e.source}>${e.target}:${e.kind}`)).toEqual([
      'trigger>step:0:flow', 'step:0>step:1:branch', 'step:0>end:branch', 'step:0>step:2:otherwise', 'step:1>step:2:flow', 'step:2>step:3:flow', 'step:3>step:1:next',
    ]);
  });

  it('an approval flow: entry, nodes in order, approved; a conditional node has a skip edge around it', () => {
    const g = approvalGraph(FLOW);
    expect(g.nodes.map((n) => `${n.id}:${n.type ?? n.kind}`)).toEqual(['entry:entry', 'node:0:any', 'node:1:all', 'node:2:vote', 'end:end']);
    expect(g.edges.map((e) => `${e.source}>${e.target}:${e.kind}`)).toEqual(['entry>node:0:flow', 'node:0>node:1:flow', 'node:1>node:2:flow', 'node:2>end:flow', 'node:0>node:2:skip']);
  });
});

describe('the layered layout', () => {
  it('puts every forward edge downwards, a loop back aside, branch targets side by side, the end last, and no two nodes on one spot', () => {
    const g = workflowGraph(WF);
    const at = layoutGraph(g);
    expect(at.size).toBe(g.nodes.length);
    const y = (id: string) => at.get(id)!.y;
    expect(y('trigger')).toBe(0);
    for (const e of g.edges.filter((x) => x.kind !== 'next')) expect(y(e.target), `${e.source}>${e.target}`).toBeGreaterThan(y(e.source));
    expect(y('end')).toBe(Math.max(...[...at.values()].map((p) => p.y)));
    const spots = [...at.values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    // Nodes of a layer do not overlap.
    for (const a of g.nodes) for (const b of g.nodes) if (a !== b && y(a.id) === y(b.id)) expect(Math.abs(at.get(a.id)!.x - at.get(b.id)!.x)).toBeGreaterThanOrEqual(NODE_WIDTH);
  });

  it('a chain is one column, centred', () => {
    const at = layoutGraph(approvalGraph({ ...FLOW, nodes: FLOW.nodes.map((n) => ({ ...n, condition: undefined })) }));
    expect(new Set([...at.values()].map((p) => p.x)).size).toBe(1);
    expect([...at.values()].map((p) => p.y)).toEqual([0, 110, 220, 330, 440]);
  });
});

describe('the side panel round-trips the document exactly', () => {
  const samples: Record<string, Record<string, unknown>> = {
    ...Object.fromEntries(WF.steps.map((s) => [s.type, s])),
    create: { id: 'c', type: 'create', object: 'task', data: { subject: { expr: 'name' } }, next: 'end' },
    command: { id: 'cmd', type: 'command', command: 'claim', record: { expr: 'id' }, input: { pool: 'x' } },
    script: { id: 's', type: 'script', action: 'score', object: 'deal' },
    webhook: { id: 'w', type: 'webhook', url: 'https://example.com/x', method: 'PUT', body: { n: 1, list: [1, 2] } },
    forEach: { id: 'f', type: 'forEach', object: 'task', filter: { subject: { eq: 'a' } }, workflow: 'child', max: 10 },
    callWorkflow: { id: 'cw', type: 'callWorkflow', workflow: 'child', wait: false },
    startApproval: { id: 'sa', type: 'startApproval', flow: 'bigOrders', record: { expr: 'account' }, next: 'end' },
  };
  it('every step type: form values from the step and back give the same JSON, key order included', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(STEP_PROPS).sort());
    for (const [type, step] of Object.entries(samples)) expect(JSON.stringify(fromForm(STEP_PROPS[type], toForm(STEP_PROPS[type], step), step)), type).toBe(JSON.stringify(step));
  });

  it('triggers, approval nodes and flow settings too; a change writes back that property only', () => {
    for (const trigger of [WF.trigger, { type: 'date', field: 'closeAt', offset: 'P15D', business: false }, { type: 'cron', cron: '0 9 * * 1' }, { type: 'approval', flows: ['a'], outcomes: ['approved'] }]) {
      const props = TRIGGER_PROPS[trigger.type as string];
      expect(JSON.stringify(fromForm(props, toForm(props, trigger), trigger))).toBe(JSON.stringify(trigger));
    }
    for (const node of FLOW.nodes) expect(JSON.stringify(fromForm(NODE_PROPS, toForm(NODE_PROPS, node), node))).toBe(JSON.stringify(node));
    expect(JSON.stringify(fromForm(FLOW_SETTINGS, toForm(FLOW_SETTINGS, FLOW), FLOW))).toBe(JSON.stringify(FLOW));
    const step = WF.steps[2];
    const form = { ...toForm(STEP_PROPS.notify, step), title: 'Big deal', body: '' };
    expect(fromForm(STEP_PROPS.notify, form, step)).toEqual({ id: 'tell', type: 'notify', to: step.to, title: 'Big deal', email: false });
    const outcome = fromForm(FLOW_SETTINGS, { ...toForm(FLOW_SETTINGS, FLOW), onRejected: { status: 'Rejected' } }, FLOW);
    expect(outcome.onRejected).toEqual({ update: { status: 'Rejected' } });
  });

  it('values: text, expression and JSON literals', () => {
    for (const v of ['text', { expr: 'a + 1' }, 12, true, null, [1, 'x'], { a: 1 }]) expect(inputToValue(valueToInput(v))).toEqual(v);
    expect(valueToInput({ expr: 'x', other: 1 }).mode).toBe('json');
  });

  it('edits: a step added after the selected one runs there; a renamed step is followed by what names it', () => {
    const { doc, index } = addItem(WF, 'steps', 'notify', 0);
    expect(index).toBe(1);
    expect((doc.steps as { id: string }[]).map((s) => s.id)).toEqual(['check', 'notify1', 'flag', 'tell', 'later']);
    const renamed = renameStep(WF, 'flag', 'mark') as WorkflowDoc;
    expect(renamed.steps[0].branches).toEqual([{ when: 'amount > 1000', next: 'mark' }, { when: 'amount < 0', next: 'end' }]);
    expect(renamed.steps[3].next).toBe('mark');
  });
});

describe('problems placed on nodes', () => {
  const validate = compileKindSchema(schemas, WORKFLOWS);
  it('a valid document has none; a notify step without a title shows one, on that step and its property, without the other step shapes\' noise', () => {
    expect(schemaProblems(validate, WF)).toEqual([]);
    const { title: _t, ...untitled } = WF.steps[2];
    const doc = { ...WF, steps: [WF.steps[0], WF.steps[1], untitled, { id: 'hook', type: 'webhook', url: 'ftp://x' }] };
    const problems = schemaProblems(validate, doc);
    expect(problems).toEqual([{ pointer: '/steps/2/title', message: 'required' }, { pointer: '/steps/3/url', message: expect.stringContaining('pattern') }]);
    const placed = problemsByNode(WORKFLOWS, problems);
    expect(placed.get('step:2')).toEqual([{ pointer: '/steps/2/title', message: 'required', node: 'step:2', path: '/title' }]);
    expect(placed.get('step:3')?.[0].path).toBe('/url');
  });

  it('an unknown step type keeps the oneOf problem; trigger, flow settings and server pointers land on their nodes', () => {
    const problems = schemaProblems(validate, { ...WF, steps: [{ id: 'x', type: 'teleport' }], trigger: { type: 'record', on: [] } });
    const placed = problemsByNode(WORKFLOWS, problems);
    expect(placed.get('step:0')?.length).toBeGreaterThan(0);
    expect(placed.get('trigger')?.map((p) => p.path)).toEqual(['/on']);
    const flow = compileKindSchema(schemas, APPROVAL_FLOWS);
    const bad = { ...FLOW, entryCriteria: '', nodes: [{ ...FLOW.nodes[0], mode: 'most' }] };
    const flowPlaced = problemsByNode(APPROVAL_FLOWS, schemaProblems(flow, bad));
    expect(flowPlaced.get('entry')?.map((p) => p.path)).toEqual(['/entryCriteria']);
    expect(flowPlaced.get('node:0')?.map((p) => p.path)).toEqual(['/mode']);
    expect(serverProblems(WORKFLOWS, [{ pointer: '/workflows/0/steps/1/next', message: 'there is no step "x"' }])).toEqual([{ pointer: '/steps/1/next', message: 'there is no step "x"' }]);
  });
});

describe('the diff of two versions', () => {
  it('names the settings changed, and steps added, removed and changed with each property', () => {
    const next = { ...WF, trigger: { ...WF.trigger, fields: ['amount', 'stage'] }, steps: [WF.steps[0], { ...WF.steps[1], data: { note: 'huge', ok: true } }, WF.steps[2], { id: 'ping', type: 'webhook', url: 'https://x.test' }] };
    const diff = diffVersions(WF, next, 'steps');
    expect(diff.settings).toEqual([{ path: 'trigger.fields.1', before: undefined, after: '"stage"' }]);
    expect(diff.items).toEqual([
      { id: 'flag', status: 'changed', type: 'update', changes: [{ path: 'data.note', before: '"big"', after: '"huge"' }, { path: 'data.score.expr', before: '"amount / 100"', after: undefined }] },
      { id: 'ping', status: 'added', type: 'webhook', changes: [{ path: 'type', before: undefined, after: '"webhook"' }, { path: 'url', before: undefined, after: '"https://x.test"' }] },
      { id: 'later', status: 'removed', type: 'wait', changes: [] },
    ]);
    expect(diff.reordered).toBe(false);
    expect(diffVersions(FLOW, { ...FLOW, nodes: [FLOW.nodes[1], FLOW.nodes[0], FLOW.nodes[2]] }, 'nodes')).toMatchObject({ items: [], reordered: true });
  });
});

describe('strings', () => {
  it('every string of the designers is in English and Chinese', () => {
    const keys = (o: unknown, prefix = ''): string[] => (o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => keys(v, `${prefix}${k}.`)) : [prefix]);
    expect(keys(processes['zh-CN']).sort()).toEqual(keys(processes.en).sort());
    expect(keys(processesNav['zh-CN']).sort()).toEqual(keys(processesNav.en).sort());
    // Every step type, trigger type, mode and approver type has its name.
    for (const group of ['stepTypes', 'triggerTypes', 'modes', 'approverTypes'] as const) expect(Object.keys(processes.en[group]).length).toBeGreaterThan(0);
    expect(Object.keys(processes.en.stepTypes).sort()).toEqual(Object.keys(STEP_PROPS).sort());
    expect(Object.keys(processes.en.triggerTypes).sort()).toEqual(Object.keys(TRIGGER_PROPS).sort());
  });
});
