import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { newTenant, metadataClient, gql } from '../../../platform/test/support/server.ts';
import { ok } from '../../../platform/test/kernel/support.ts';
import { listTemplateReleases, readTemplatePackage, readTemplateRelease } from '../../../templates/index.js';
import { startTemplateServer } from './support.ts';

/**
 * A tenant in use on the previous releases (crm-core 1.2.0, k12-tutoring 1.0.0) takes the current
 * whole documents: the records stay, the funnel starts tracking the students' current stages, and the
 * new processes act on the old records.
 */
let server: RunningServer;
beforeAll(async () => { server = await startTemplateServer(); }, 120_000);
afterAll(async () => { await server?.close(); });

it('k12-tutoring 1.0.0 (on crm-core 1.2.0) upgrades to the current documents with its data', async () => {
  expect(listTemplateReleases('crm-core').map((r) => r.version)).toContain('1.2.0');
  expect(listTemplateReleases('k12-tutoring').map((r) => r.version)).toContain('1.0.0');
  const created = await newTenant(server, 'k12up');
  const meta = metadataClient(server, created.apiKey);
  const api = async (q: string, v?: Record<string, unknown>) => ok(await gql(server, '/graphql', created.apiKey, q, v));
  const apply = async (d: unknown) => ok(await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d }));
  ok(await meta('mutation { setClock(at: "2026-03-02T02:00:00Z") { now } }'));
  await apply(readTemplateRelease('crm-core', '1.2.0'));
  await apply(readTemplateRelease('k12-tutoring', '1.0.0'));
  const parent = (await api('mutation { createParent(data: {name: "李", phone: "13800000009"}) { id } }')).createParent.id;
  const old = (await api('mutation($p: ID!) { createStudent(data: {name: "旧学员", parent: $p, grade: grade7, source: sem, funnelStage: trialCompleted}) { id } }', { p: parent })).createStudent.id;
  await apply(readTemplatePackage('crm-core'));
  await apply(readTemplatePackage('k12-tutoring'));
  // The record is kept; the new field takes its default.
  expect((await api('query($id: ID!) { student(id: $id) { name funnelStage team } }', { id: old })).student).toEqual({ name: '旧学员', funnelStage: 'trialCompleted', team: 'marketing' });
  // The funnel tracks the stage the record had when tracking began.
  const funnel = (await api('{ funnel(object: "student", stageField: "funnelStage") }')).funnel;
  expect(funnel.steps.map((s: any) => [s.stage, s.count])).toEqual([['lead', 1], ['reached', 1], ['invitationAccepted', 1], ['trialCompleted', 1], ['paid', 0]]);
  // The new processes act on it: an enrollment makes the old student paid and the parent the payer.
  const pack = (await api('mutation { createCoursePackage(data: {name: "P", lessonHours: 10, price: {amount: 3000}}) { id } }')).createCoursePackage.id;
  await api('mutation($s: ID!, $p: ID!) { createEnrollment(data: {student: $s, coursePackage: $p, enrollmentType: new, status: active, amountPaid: {amount: 3000}}) { id parent { id } } }', { s: old, p: pack });
  ok(await meta('mutation { advanceClock(by: "PT1S") { now } }'));
  expect((await api('query($id: ID!) { student(id: $id) { funnelStage team paidAt } }', { id: old })).student).toMatchObject({ funnelStage: 'paid', team: 'cr' });
  expect((await api('query($id: ID!) { parent(id: $id) { totalPaid } }', { id: parent })).parent.totalPaid).toBe(3000);
  // Applying the current documents again changes nothing.
  const before = (await meta('{ metadataHistory(first: 1) { nodes { version } } }'));
  await apply(readTemplatePackage('crm-core'));
  await apply(readTemplatePackage('k12-tutoring'));
  expect(await meta('{ metadataHistory(first: 1) { nodes { version } } }')).toEqual(before);
}, 300_000);
