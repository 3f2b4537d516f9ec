import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, type Plugin } from '@tessera/platform';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { approvalOperations as ops, createApprovalsPlugin, type ApprovalEnv } from '../../src/approvals/index.ts';
import { availableActions, REQUEST_OPERATIONS, TASK_OPERATIONS, type Action, type Caller, type Operation, type RequestState } from '../../src/approvals/available.ts';
import { createPlugin as createScriptRuntime } from '../../src/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';
import { approvalTenant, type ApprovalTenant, type User } from './support.ts';

/**
 * available.ts is the one statement of which approval operations apply: the engine's guards call it
 * and the queries serve it. This binds the two on states reached by real operations: a generated
 * sequence of operations drives a request through a 4-node flow (或签 with a CC, 会签 with a group's
 * claimable task, sequential, 票签); at every state, every action offered to any of seven callers
 * succeeds on the real engine and a sample of the withheld ones (and of the offered ones with
 * arguments outside what is offered) is refused — each run on a copy (a savepoint rolled back).
 */
let server: RunningServer;
let t: ApprovalTenant;
let services: any;
let schema: string;
let S: User, A: User, B: User, C: User, D: User, E: User;
let callers: { name: string; caller: Caller }[];

beforeAll(async () => {
  server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  await server.platform.plugins.install(createScriptRuntime());
  await server.platform.plugins.install(createWorkflowsPlugin());
  const approvals: Plugin = createApprovalsPlugin();
  await server.platform.plugins.install(approvals);
  services = (server.platform.plugins as unknown as { servicesFor(p: unknown): any }).servicesFor(approvals);
  t = await approvalTenant(server);
  [S, A, B, C, D, E] = await Promise.all(['Submitter', 'A', 'B', 'C', 'D', 'E'].map((n) => t.user(n)));
  const { rows: [grp] } = await server.platform.pool.query(`insert into tessera.groups (tenant_id, name) values ($1, 'pair') returning id`, [t.id]);
  await server.platform.pool.query(`insert into tessera.group_members (group_id, member_type, member_id) values ($1, 'user', $2), ($1, 'user', $3)`, [grp.id, D.id, E.id]);
  await t.apply({ approvalFlows: [
    {
      name: 'prop', label: { en: 'Property flow', zh: '性质流程' }, object: 'order', order: 1, entryCriteria: 'amount > 100',
      nodes: [
        { id: 'n1', label: { en: 'Either', zh: '或签' }, mode: 'any', approvers: [{ type: 'user', users: [A.id, B.id] }], cc: [{ type: 'user', users: [E.id] }] },
        { id: 'n2', mode: 'all', approvers: [{ type: 'user', users: [C.id] }, { type: 'group', group: 'pair' }] },
        { id: 'n3', mode: 'sequential', approvers: [{ type: 'user', users: [A.id] }, { type: 'user', users: [D.id] }] },
        { id: 'n4', mode: 'vote', threshold: 0.6, approvers: [{ type: 'user', users: [A.id, B.id, C.id] }] },
      ],
    },
    { name: 'small', label: 'Small orders', object: 'order', order: 2, entryCriteria: 'amount <= 100', nodes: [{ id: 'only', mode: 'any', approvers: [{ type: 'user', users: [A.id] }] }] },
    { name: 'anyOrder', object: 'order', order: 3, nodes: [{ id: 'only', mode: 'any', approvers: [{ type: 'user', users: [B.id] }] }] },
  ] });
  await t.api('{ __typename }');
  callers = [...[S, A, B, C, D, E].map((u) => ({ name: u.name, caller: { id: u.id, isAdmin: false } })), { name: 'admin', caller: { id: t.adminId, isAdmin: true } }];
}, 180_000);
afterAll(async () => { await server?.close(); });

/** One transaction: `work` gets an env maker (caller, instant) over it. */
const inTx = <T>(work: (envOf: (c: Caller, now: Date) => Promise<ApprovalEnv>, db: any) => Promise<T>) => inTransaction(server.platform.pool, 60_000, async (db) => {
  const envOf = async (c: Caller, now: Date): Promise<ApprovalEnv> => {
    const { op, api } = await services.asSystem(t.id, db, { actorId: c.id, via: 'workflow' });
    schema = op.model.schema;
    return { db, pool: server.platform.pool, schema: op.model.schema, tenantId: t.id, services, op, api, actor: c.id, isAdmin: c.isAdmin, now };
  };
  return work(envOf, db);
});

const newOrder = async (amount = 5000) => (await S.api('mutation($a: Int) { createOrder(data: {name: "p", amount: $a}) { id } }', { a: amount })).createOrder.id as string;

interface Attempt { caller: Caller; operation: Operation; task?: string; toNode?: string; user?: string; node?: string; to?: string }

/** Runs one operation as the engine's callers do (the GraphQL mutations call these functions). */
function run(env: ApprovalEnv, request: string, a: Attempt): Promise<unknown> {
  const task = a.task!;
  switch (a.operation) {
    case 'approve': return ops.approve(env, task, 'ok');
    case 'reject': return ops.reject(env, task, 'no', a.toNode ?? null);
    case 'claim': return ops.claim(env, task);
    case 'transfer': return ops.transfer(env, task, a.to!);
    case 'delegate': return ops.delegate(env, task, a.to!);
    case 'addApprover': return ops.addApprover(env, task, [a.to!], (['BEFORE', 'AFTER', 'PARALLEL'] as const)[a.to!.charCodeAt(0) % 3]);
    case 'removeApprover': return ops.removeApprover(env, task, a.user!);
    case 'takeBack': return ops.takeBack(env, task);
    case 'markRead': return ops.markRead(env, task);
    case 'urge': return ops.urge(env, task);
    case 'comment': return ops.comment(env, request, 'a word', null);
    case 'withdraw': return ops.withdraw(env, request);
    case 'terminate': return ops.terminate(env, request, null);
    case 'jump': return ops.jump(env, request, a.node!);
  }
}

/** A deterministic pseudo-random stream from a generated seed (samples of what to try). */
function prng(seed: number): (n: number) => number {
  let x = seed | 1;
  return (n) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return Math.abs(x) % Math.max(1, n); };
}

const userIds = () => [S, A, B, C, D, E].map((u) => u.id);

/** An attempt of an offered action, its arguments picked among those offered. */
function offered(caller: Caller, a: Action, pick: (n: number) => number): Attempt {
  const others = userIds().filter((u) => u !== caller.id);
  return {
    caller, operation: a.operation, task: a.task,
    toNode: a.targets?.[pick(a.targets.length)], user: a.users?.[pick(a.users.length)], node: a.nodes?.[pick(a.nodes.length)], to: others[pick(others.length)],
  };
}

describe('available actions and the engine agree', () => {
  it('on states reached by generated sequences of operations: offered actions succeed, withheld ones are refused', async () => {
    let states = 0;
    let tried = 0;
    let refusedCount = 0;
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ who: fc.nat(6), pick: fc.nat(10_000) }), { minLength: 4, maxLength: 10 }),
      fc.integer({ min: 1, max: 2 ** 30 }),
      async (steps, seed) => {
        const pick = prng(seed);
        const record = await newOrder();
        let now = new Date(Date.UTC(2030, 0, 7, 2, 0, 0) + seed % 1000 * 1000);
        const request = (await inTx(async (envOf) => ops.submit(await envOf(callers[0].caller, now), { object: 'order', id: record, flow: 'prop' }, { id: record, amount: 5000 }))).id;
        for (const step of [...steps, null]) {
          now = new Date(now.getTime() + 60_000);
          // The state, and each caller's offered actions.
          await inTx(async (envOf, db) => {
            const state: RequestState = await ops.requestState(await envOf(callers[0].caller, now), (await db.query(`select * from "${schema}"._approval_requests where id = $1`, [request])).rows[0]);
            states++;
            const attempts: { attempt: Attempt; expect: 'ok' | 'refused' }[] = [];
            for (const { caller } of callers) {
              const actions = availableActions(state, caller);
              for (const a of actions) {
                seen.add(a.operation);
                attempts.push({ attempt: offered(caller, a, pick), expect: 'ok' });
                // Arguments outside those offered are refused.
                if (a.targets) attempts.push({ attempt: { caller, operation: 'reject', task: a.task, toNode: state.nodes.find((n) => !a.targets!.includes(n)) ?? 'nowhere' }, expect: 'refused' });
                if (a.users) { const other = userIds().find((u) => !a.users!.includes(u)); if (other) attempts.push({ attempt: { caller, operation: 'removeApprover', task: a.task, user: other }, expect: 'refused' }); }
              }
              // A sample of what is withheld: every task operation on every task, and the request's operations.
              const withheld: Attempt[] = [];
              for (const operation of REQUEST_OPERATIONS) if (!actions.some((a) => a.operation === operation)) withheld.push({ caller, operation, node: state.nodes[0] });
              for (const task of state.tasks) for (const operation of TASK_OPERATIONS) {
                if (actions.some((a) => a.operation === operation && a.task === task.id)) continue;
                withheld.push({ caller, operation, task: task.id, toNode: '@submitter', user: userIds()[pick(6)], to: userIds().find((u) => u !== caller.id)! });
              }
              for (let i = 0; i < Math.min(4, withheld.length); i++) attempts.push({ attempt: withheld.splice(pick(withheld.length), 1)[0], expect: 'refused' });
            }
            for (const { attempt, expect: want } of attempts) {
              await db.query('savepoint try');
              let outcome: string;
              try {
                await run(await envOf(attempt.caller, now), request, attempt);
                outcome = 'ok';
              } catch (e) {
                const code = (e as { code?: string }).code;
                if (!['FORBIDDEN', 'CONFLICT', 'NOT_FOUND', 'BAD_USER_INPUT'].includes(code ?? '')) throw e;
                outcome = 'refused';
                refusedCount++;
              } finally {
                await db.query('rollback to savepoint try');
              }
              tried++;
              if (outcome !== want) {
                throw new Error(`${attempt.operation} by ${callers.find((c) => c.caller === attempt.caller)?.name} on ${attempt.task ?? 'the request'} (${JSON.stringify(attempt)}): ${outcome}, expected ${want}; state ${JSON.stringify({ ...state, tasks: state.tasks.map((x) => ({ ...x, assignee: callers.find((c) => c.caller.id === x.assignee)?.name ?? x.assignee })) })}`);
              }
            }
          });
          if (!step) break;
          // Moves the request on: one offered action of the step's caller (or of anyone), committed.
          const mine = await inTx(async (envOf, db) => {
            const state = await ops.requestState(await envOf(callers[0].caller, now), (await db.query(`select * from "${schema}"._approval_requests where id = $1`, [request])).rows[0]);
            const order = [step.who, ...callers.keys()];
            for (const who of order) {
              // Comments change nothing: prefer what moves the request; what ends it, rarely (deeper states).
              const ending = step.pick % 8 === 0;
              const actions = availableActions(state, callers[who].caller).filter((a) => a.operation !== 'comment' && a.operation !== 'urge' && (ending || (a.operation !== 'withdraw' && a.operation !== 'terminate')));
              if (!actions.length) continue;
              const attempt = offered(callers[who].caller, actions[step.pick % actions.length], pick);
              await run(await envOf(attempt.caller, now), request, attempt);
              return attempt.operation;
            }
            return null;
          });
          if (!mine) break;
        }
      },
    ), { numRuns: Number(process.env.APPROVAL_RUNS || 8), seed: process.env.APPROVAL_SEED ? Number(process.env.APPROVAL_SEED) : undefined });
    console.log(`available actions: ${states} states, ${tried} attempts (${refusedCount} refused), operations offered: ${[...seen].sort().join(', ')}`);
    expect(states).toBeGreaterThan(15);
    expect(refusedCount).toBeGreaterThan(50);
    expect(tried).toBeGreaterThan(200);
    // The sequences reach most operations (a broken generator would test little).
    expect([...seen].length).toBeGreaterThanOrEqual(10);
  }, 240_000);
});

describe('served actions', () => {
  it('approvalRequests and myApprovalTasks carry the caller\'s actions and the node label; approvalFlowsFor names the flows that apply', async () => {
    const id = await newOrder();
    expect((await S.api('query($id: ID!) { approvalFlowsFor(object: "order", id: $id) }', { id })).approvalFlowsFor).toEqual([
      { name: 'prop', label: { en: 'Property flow', zh: '性质流程' } }, { name: 'anyOrder', label: null },
    ]);
    const small = await newOrder(50);
    expect((await S.api('query($id: ID!) { approvalFlowsFor(object: "order", id: $id) }', { id: small })).approvalFlowsFor.map((f: any) => f.name)).toEqual(['small', 'anyOrder']);
    await S.api('mutation($id: ID!) { submitForApproval(object: "order", id: $id, flow: "prop") }', { id });
    const [asA] = await t.requests(id, A);
    const taskA = asA.tasks.find((x: any) => x.assignee === A.id).id;
    expect(asA.actions).toEqual(expect.arrayContaining([{ operation: 'comment' }, { operation: 'terminate' }, { operation: 'approve', task: taskA }, { operation: 'reject', task: taskA, targets: ['@submitter'] }]));
    expect(asA.actions.some((a: any) => a.operation === 'withdraw' || a.operation === 'jump')).toBe(false);
    const [asS] = await t.requests(id, S);
    expect(asS.actions.map((a: any) => a.operation).sort()).toEqual(['comment', 'urge', 'urge', 'withdraw']);
    const [asAdmin] = await t.requests(id);
    expect(asAdmin.actions).toContainEqual({ operation: 'jump', nodes: ['n1', 'n2', 'n3', 'n4'] });
    const inbox = (await A.api('{ myApprovalTasks(status: "pending") }')).myApprovalTasks.find((x: any) => x.id === taskA);
    expect(inbox).toMatchObject({ node: 'n1', nodeLabel: { en: 'Either', zh: '或签' } });
    expect(inbox.actions).toEqual(asA.actions);
    const cc = (await E.api('{ myApprovalTasks(status: "cc") }')).myApprovalTasks.find((x: any) => x.request.recordId === id);
    expect(cc.actions.filter((a: any) => a.task === cc.id)).toEqual([{ operation: 'markRead', task: cc.id }]);
    const submitted = (await S.api('{ myApprovalTasks(status: "submitted") }')).myApprovalTasks.find((x: any) => x.recordId === id);
    expect(submitted).toMatchObject({ node: 'n1', nodeLabel: { en: 'Either', zh: '或签' } });
    expect(submitted.actions).toEqual(asS.actions);
  }, 120_000);
});

describe('guards the rules tightened', () => {
  const code = (res: any) => res.errors?.[0]?.extensions?.code;
  it('refuses a reject to @previous at the first node, claiming a task no longer open, urging a waiting task, and reading a CC twice or an approval', async () => {
    const id = await newOrder();
    await S.api('mutation($id: ID!) { submitForApproval(object: "order", id: $id, flow: "prop") }', { id });
    const tasks = async () => (await t.requests(id))[0].tasks as any[];
    const raw = (u: User, q: string, v: Record<string, unknown>) => u.raw(q, v);
    expect(code(await raw(A, 'mutation($t: ID!) { reject(task: $t, toNode: "@previous") }', { t: await t.taskOf(id, A) }))).toBe('BAD_USER_INPUT');
    const cc = (await tasks()).find((x) => x.kind === 'cc');
    await E.api('mutation($t: ID!) { markApprovalRead(task: $t) }', { t: cc.id });
    expect(code(await raw(E, 'mutation($t: ID!) { markApprovalRead(task: $t) }', { t: cc.id }))).toBe('CONFLICT');
    expect(code(await raw(A, 'mutation($t: ID!) { markApprovalRead(task: $t) }', { t: await t.taskOf(id, A) }))).toBe('CONFLICT');
    await A.api('mutation($t: ID!) { approve(task: $t) }', { t: await t.taskOf(id, A) });
    // n2: C sends it back to n1; the group's task of n2 is cancelled and no longer claimed.
    const group = (await tasks()).find((x) => x.node === 'n2' && x.assignee === null);
    await C.api('mutation($t: ID!) { reject(task: $t, toNode: "n1") }', { t: await t.taskOf(id, C) });
    expect((await tasks()).find((x) => x.id === group.id).status).toBe('cancelled');
    expect(code(await raw(D, 'mutation($t: ID!) { claim(task: $t) }', { t: group.id }))).toBe('CONFLICT');
    // Through n1 and n2 again to the sequential n3: D's task waits behind A's, and is not urged.
    await B.api('mutation($t: ID!) { approve(task: $t) }', { t: await t.taskOf(id, B) });
    await C.api('mutation($t: ID!) { approve(task: $t) }', { t: await t.taskOf(id, C) });
    const shared = (await tasks()).find((x) => x.node === 'n2' && x.assignee === null && x.status === 'pending');
    await D.api('mutation($t: ID!) { claim(task: $t) }', { t: shared.id });
    await D.api('mutation($t: ID!) { approve(task: $t) }', { t: shared.id });
    const waiting = (await tasks()).find((x) => x.node === 'n3' && x.assignee === D.id);
    expect(waiting.status).toBe('waiting');
    expect(code(await raw(S, 'mutation($t: ID!) { urge(task: $t) }', { t: waiting.id }))).toBe('CONFLICT');
    await S.api('mutation($t: ID!) { urge(task: $t) }', { t: await t.taskOf(id, A) });
  }, 120_000);
});

