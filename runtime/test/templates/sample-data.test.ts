import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { installedTenant, startTemplateServer } from './support.ts';

/**
 * crm-core's and k12-tutoring's sample data (sample-data.json, named by template.json) load through
 * installSampleData into a tenant where installPackage put both templates with their processes: every record passes
 * the save pipeline (validation and duplicate rules, pools, dispatch), and the workflows act on it.
 */
let server: RunningServer;
beforeAll(async () => { server = await startTemplateServer(); }, 120_000);
afterAll(async () => { await server?.close(); });

it('loads crm-core then k12-tutoring sample data; the processes act on it', async () => {
  const t = await installedTenant(server, 'k12-tutoring');
  await t.meta('mutation { setClock(at: "2026-03-02T02:00:00Z") { now } }');
  const load = async (p: string) => (await t.meta('mutation($p: String!) { installSampleData(package: $p) }', { p })).installSampleData as number;
  expect(await load('crm-core')).toBe(28);
  expect(await load('k12-tutoring')).toBe(39);
  await t.meta('mutation { advanceClock(by: "PT1S") { now } }');
  const score = (await t.api('{ leads(filter: {phone: {eq: "13922220001"}}) { nodes { score owner { id } } } }')).leads.nodes[0];
  expect(score).toEqual({ score: 40, owner: null });
  const students = (await t.api('{ students(orderBy: {name: ASC}) { nodes { name funnelStage paidAt } } }')).students.nodes;
  const stage = Object.fromEntries(students.map((s: any) => [s.name.split(' ')[0], s.funnelStage]));
  expect(stage).toEqual({ '李小明': 'reached', '王雨': 'invitationAccepted', '陈浩': 'paid', '高欣': 'lead', '王乐': 'lost' });
  const trials = (await t.api('{ trialLessons(orderBy: {scheduledAt: ASC}) { nodes { grade subject testPaper { grade subject } } } }')).trialLessons.nodes;
  expect(trials).toEqual([{ grade: 'grade9', subject: 'math', testPaper: { grade: 'grade9', subject: 'math' } }, { grade: 'grade5', subject: 'english', testPaper: { grade: 'grade5', subject: 'english' } }]);
  // The public pool and "my students" views' filters, as the studio sends them (owner empty; owner = the viewer).
  const count = async (filter: unknown) => (await t.api('query($f: StudentFilter) { students(filter: $f) { totalCount } }', { f: filter })).students.totalCount;
  expect([await count({ owner: { isNull: true } }), await count({ owner: { eq: t.adminId } })]).toEqual([1, 4]);
  // The dashboards' blocks answer over it: the K12 funnel by channel, the sales funnel and forecast.
  const dashboards = (await t.meta('{ document(kinds: ["dashboards"]) }')).document.dashboards as { name: string; blocks: any[] }[];
  expect(dashboards.map((d) => d.name).sort()).toEqual(['K12 funnel', 'Sales']);
  const blocks = dashboards.flatMap((d) => d.blocks).filter((b) => b.type !== 'chart');
  for (const b of blocks) {
    const answer = b.type === 'funnel'
      ? (await t.api('query($o: String!, $s: String!, $g: String) { funnel(object: $o, stageField: $s, groupBy: $g) }', { o: b.object, s: b.stageField, g: b.groupBy ?? null })).funnel
      : (await t.api('query($o: String!, $p: String!) { forecast(object: $o, period: $p) }', { o: b.object, p: b.period })).forecast;
    expect(answer, b.id).toBeTruthy();
  }
  const k12 = (await t.api('{ funnel(object: "student", stageField: "funnelStage", groupBy: "source") }')).funnel;
  expect(k12.steps.map((x: any) => [x.stage, x.count])).toEqual([['lead', 4], ['reached', 3], ['invitationAccepted', 2], ['trialCompleted', 1], ['paid', 1]]);
  expect(k12.groups.find((g: any) => g.key === 'sem').steps.at(-1)).toMatchObject({ stage: 'paid', count: 1 });
  const parent = (await t.api('{ parents(filter: {phone: {eq: "13800010003"}}) { nodes { totalPaid } } }')).parents.nodes[0];
  expect(parent.totalPaid).toBe(4800);
}, 300_000);
