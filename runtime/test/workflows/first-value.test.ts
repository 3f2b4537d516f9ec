import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { gql } from '../../../platform/test/support/server.ts';
import { startWorkflowServer, wfTenant, type WfTenant } from './support.ts';

/**
 * A `{first: {object, filter, orderBy}}` value in update and create steps: the id of the first
 * matching record, its filter's `{expr}` values read from the run's record (a lookup chosen by
 * rule, as K12's trial lesson picks its test paper by grade and subject), null when none matches;
 * what cannot work is refused when the workflow is saved, with the pointer of the offending part.
 */
const PAPER = {
  name: 'paper',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'grade', type: 'integer' },
    { name: 'subject', type: 'text' },
    { name: 'rank', type: 'integer' },
  ],
};
const LESSON = {
  name: 'lesson',
  fields: [
    { name: 'name', type: 'text', required: true },
    { name: 'grade', type: 'integer' },
    { name: 'subject', type: 'text' },
    { name: 'paper', type: 'lookup', target: 'paper', relationName: 'lessons' },
  ],
};
const NOTE = { name: 'note', fields: [{ name: 'text', type: 'text' }, { name: 'paper', type: 'lookup', target: 'paper', relationName: 'notes' }] };

let server: RunningServer;
let t: WfTenant;
beforeAll(async () => {
  server = await startWorkflowServer();
  t = await wfTenant(server, [PAPER, LESSON, NOTE]);
}, 120_000);
afterAll(async () => { await server?.close(); });

it('update and create steps set a lookup to the first record a filter over the run\'s record matches', async () => {
  await t.apply({ workflows: [{
    name: 'pickPaper', object: 'lesson', trigger: { type: 'record', on: ['create'], condition: 'ISBLANK(paper)' },
    steps: [
      { id: 'pick', type: 'update', data: { paper: { first: { object: 'paper', filter: { grade: { eq: { expr: 'grade' } }, subject: { eq: { expr: 'subject' } } }, orderBy: [{ rank: 'DESC' }] } } } },
      { id: 'note', type: 'create', object: 'note', data: { text: { expr: 'name' }, paper: { first: { object: 'paper', filter: { and: [{ grade: { eq: { expr: 'grade' } } }, { subject: { eq: 'english' } }] } } } } },
    ],
  }] });
  const paper = async (name: string, grade: number, subject: string, rank: number) =>
    (await t.api('mutation($d: PaperCreateInput!) { createPaper(data: $d) { id } }', { d: { name, grade, subject, rank } })).createPaper.id as string;
  await paper('g7 math basic', 7, 'math', 1);
  const best = await paper('g7 math best', 7, 'math', 5);
  await paper('g8 math', 8, 'math', 9);
  await paper('g7 chinese', 7, 'chinese', 9);
  const english = await paper('g7 english', 7, 'english', 1);
  const lesson = async (name: string, grade: number, subject: string) =>
    (await t.api('mutation($d: LessonCreateInput!) { createLesson(data: $d) { id } }', { d: { name, grade, subject } })).createLesson.id as string;
  const math7 = await lesson('Li, math', 7, 'math');
  const physics9 = await lesson('Wu, physics', 9, 'physics');
  await t.advance('PT1S');
  const read = async (id: string) => (await t.api('query($id: ID!) { lesson(id: $id) { paper { id } } }', { id })).lesson.paper?.id ?? null;
  expect(await read(math7)).toBe(best);
  expect(await read(physics9)).toBeNull();
  const notes = (await t.api('{ notes(orderBy: {text: ASC}) { nodes { text paper { id } } } }')).notes.nodes;
  expect(notes).toEqual([{ text: 'Li, math', paper: { id: english } }, { text: 'Wu, physics', paper: null }]);
  expect((await t.runs('pickPaper', 'completed')).length).toBe(2);
}, 120_000);

it('a first value naming no object, an unknown order field or an expression that does not check is refused on save', async () => {
  const save = (data: Record<string, unknown>) => gql(server, '/metadata', t.apiKey, 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', {
    d: { workflows: [{ name: 'bad', object: 'lesson', trigger: { type: 'record', on: ['create'] }, steps: [{ id: 'pick', type: 'update', data }] }] },
  });
  const refused = async (data: Record<string, unknown>, pointer: string) => {
    const res = await save(data);
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.errors?.[0]?.extensions)).toContain(pointer);
  };
  await refused({ paper: { first: { object: 'exam' } } }, '/workflows/0/steps/0/data/paper/first/object');
  await refused({ paper: { first: { object: 'paper', orderBy: [{ nope: 'ASC' }] } } }, '/workflows/0/steps/0/data/paper/first/orderBy/0/nope');
  await refused({ paper: { first: { object: 'paper', filter: { grade: { eq: { expr: 'nosuchfield + 1' } } } } } }, '/workflows/0/steps/0/data/paper/first/filter/grade/eq/expr');
}, 120_000);

it('a step\'s expressions read through lookups: the record a lookup names is read for them (null when there is none)', async () => {
  await t.apply({ workflows: [{
    name: 'copyPaper', object: 'lesson', trigger: { type: 'record', on: ['update'], fields: ['name'] },
    steps: [
      { id: 'which', type: 'branch', branches: [{ when: 'paper.rank > 3', next: 'good' }], otherwise: 'plain' },
      { id: 'good', type: 'update', data: { subject: { expr: '"good: " & paper.name & " g" & TEXT(paper.grade)' } }, next: 'end' },
      { id: 'plain', type: 'update', data: { subject: { expr: 'IF(ISBLANK(paper.name), "no paper", "plain: " & paper.name)' } } },
    ],
  }] });
  const paper = async (name: string, rank: number) => (await t.api('mutation($d: PaperCreateInput!) { createPaper(data: $d) { id } }', { d: { name, grade: 9, subject: 'x', rank } })).createPaper.id as string;
  const high = await paper('high', 9);
  const low = await paper('low', 1);
  const lesson = async (paperId: string | null) => (await t.api('mutation($d: LessonCreateInput!) { createLesson(data: $d) { id } }', { d: { name: 'n', grade: 1, subject: 'none', paper: paperId } })).createLesson.id as string;
  const ids = [await lesson(high), await lesson(low), await lesson(null)];
  await t.advance('PT1S');
  for (const id of ids) await t.api('mutation($id: ID!) { updateLesson(id: $id, data: {name: "renamed"}) { id } }', { id });
  await t.advance('PT1S');
  const subjects = [];
  for (const id of ids) subjects.push((await t.api('query($id: ID!) { lesson(id: $id) { subject } }', { id })).lesson.subject);
  expect(subjects).toEqual(['good: high g9', 'plain: low', 'no paper']);
  expect(await t.runs('copyPaper', 'failed')).toEqual([]);
}, 120_000);
