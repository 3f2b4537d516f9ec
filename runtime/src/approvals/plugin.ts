import type pg from 'pg';
import { definePlugin, PlatformError, type OperationContext, type Plugin, type PluginQuery, type PluginServices, type QueryCall } from '@tessera/platform';
import { approvalFlowKind } from './kind.ts';
import { lockHook } from './lock.ts';
import { migrations } from './tables.ts';
import { type Env, type RequestRow } from './engine.ts';
import * as ops from './operations.ts';
import { approvalRequests, myApprovalTasks } from './queries.ts';
import { versionQueries } from '../workflows/versions.ts';
import { SUBMIT_FOR_APPROVAL, type ApprovalSubmitter } from '../workflows/steps.ts';

/**
 * Approval flows as a plugin: the kind `approvalFlows` (versioned), the lock of pending records (a
 * save hook: `LOCKED`), the operations FlowLong's users expect as root mutations on `/graphql`, run
 * as the caller in the request's write transaction, the inbox and timeline queries, and node
 * timeouts as timers on the platform clock. Needs the workflows plugin (its inbox, and the
 * "approval outcome" trigger that starts workflows when a request ends).
 */
export function createApprovalsPlugin(): Plugin {
  const held: { services?: PluginServices; pool?: pg.Pool } = {};
  const envOf = async (op: OperationContext, services: PluginServices): Promise<Env> => {
    const { api, op: system } = await services.asSystem(op.principal.tenantId, op.db, { actorId: op.principal.userId, via: 'workflow' });
    return { db: op.db, pool: held.pool!, schema: op.model.schema, tenantId: op.principal.tenantId, services, op: system, api, actor: op.principal.userId, isAdmin: op.principal.isAdmin, now: services.clock.now() };
  };
  const answer = (req: RequestRow) => ({ id: req.id, flow: req.flow, version: req.version, status: req.status, node: req.node });
  const ID = { type: 'ID' as const, required: true };
  const id = { type: 'string' };
  const text = { type: ['string', 'null'], maxLength: 4000 };
  /** A root mutation over the caller's env, with typed args and the input's JSON Schema. */
  const mutation = (name: string, description: string, args: PluginQuery['args'], properties: Record<string, unknown>, run: (env: Env, input: any, call: QueryCall) => Promise<unknown>): PluginQuery => ({
    name, description, args,
    input: { type: 'object', additionalProperties: false, required: Object.entries(args ?? {}).filter(([, a]) => a.required).map(([k]) => k), properties },
    async run(call) { return run(await envOf(call.op, call), call.input, call); },
  });
  return definePlugin({
    name: 'approvals', version: '0.1.0', label: { en: 'Approvals', zh: '审批' }, after: ['workflows', 'permissions'],
    requires: { workflows: '^0.1.0' },
    description: 'Approval flows: 会签, 或签, 票签, transfer, delegate, add/remove approvers, claim, take back, escalation in business hours; pending records are locked.',
    metadataKinds: [approvalFlowKind()],
    migrations,
    saveHooks: [lockHook()],
    jobs: [{
      name: 'timeout',
      async run(p: { tenantId: string; request: string; round: number }, ctx) {
        const { op, api } = await ctx.asSystem(p.tenantId, ctx.tx, { via: 'workflow' });
        await ops.timeout({ db: ctx.tx, pool: held.pool!, schema: op.model.schema, tenantId: p.tenantId, services: ctx, op, api, actor: null, isAdmin: true, now: ctx.clock.now() }, p.request, p.round);
      },
    }],
    mutations: [
      mutation('submitForApproval', 'Submits a record for approval by the named flow, or the first active one whose entry criteria hold; the record is locked until the request ends.',
        { object: { type: 'String', required: true }, id: ID, flow: { type: 'String' } }, { object: { type: 'string' }, id, flow: { type: ['string', 'null'] } },
        async (env, i, call) => {
          const record = /^[0-9a-f-]{36}$/i.test(i.id) ? await call.api.get(i.object, i.id) : null;
          if (!record) throw new PlatformError('NOT_FOUND', `No ${i.object} ${i.id}`, { details: [{ pointer: '/id', message: 'no such record' }] });
          return answer(await ops.submit(env, i, record));
        }),
      mutation('approve', 'Approves a task of yours (a delegated task: answers it, and it returns to its delegator).', { task: ID, comment: { type: 'String' } }, { task: id, comment: text },
        async (env, i) => answer(await ops.approve(env, i.task, i.comment ?? null))),
      mutation('reject', 'Rejects a task of yours: to the submitter (default, or "@submitter"), the previous node ("@previous") or an earlier node by id; in a vote node, a vote against.',
        { task: ID, comment: { type: 'String' }, toNode: { type: 'String' } }, { task: id, comment: text, toNode: { type: ['string', 'null'] } },
        async (env, i) => answer(await ops.reject(env, i.task, i.comment ?? null, i.toNode ?? null))),
      mutation('withdraw', 'The submitter withdraws a pending request (撤销).', { request: ID }, { request: id }, async (env, i) => answer(await ops.withdraw(env, i.request))),
      mutation('takeBack', 'Takes back your approval while nobody after you has acted (拿回).', { task: ID }, { task: id }, async (env, i) => answer(await ops.takeBack(env, i.task))),
      mutation('transfer', 'Hands your task to another user for good (转办).', { task: ID, to: ID }, { task: id, to: id }, async (env, i) => answer(await ops.transfer(env, i.task, i.to))),
      mutation('delegate', 'Asks another user to answer your task; it comes back to you (委派).', { task: ID, to: ID }, { task: id, to: id }, async (env, i) => answer(await ops.delegate(env, i.task, i.to))),
      mutation('addApprover', 'Adds approvers to your node: BEFORE you (your task waits), AFTER your approval, or PARALLEL (加签).',
        { task: ID, users: { type: 'ID', list: true, required: true }, position: { type: 'Enum', name: 'ApproverPosition', values: ['BEFORE', 'AFTER', 'PARALLEL'], required: true, description: 'BEFORE you (your task waits), AFTER your approval, or PARALLEL' } },
        { task: id, users: { type: 'array', maxItems: 50, items: { type: 'string' } }, position: { enum: ['BEFORE', 'AFTER', 'PARALLEL'] } },
        async (env, i) => answer(await ops.addApprover(env, i.task, i.users, i.position))),
      mutation('removeApprover', 'Takes an open approver out of your node (减签).', { task: ID, user: ID }, { task: id, user: id }, async (env, i) => answer(await ops.removeApprover(env, i.task, i.user))),
      mutation('claim', 'Claims a task shared by a group you are in (认领).', { task: ID }, { task: id }, async (env, i) => answer(await ops.claim(env, i.task))),
      mutation('urge', 'Reminds the holder of an open task (催办).', { task: ID }, { task: id }, async (env, i) => answer(await ops.urge(env, i.task))),
      mutation('terminate', 'Ends a pending request (终止): admins, or a current approver.', { request: ID, comment: { type: 'String' } }, { request: id, comment: text }, async (env, i) => answer(await ops.terminate(env, i.request, i.comment ?? null))),
      mutation('jumpApprovalRequest', 'Admins: moves a pending request to any node of its flow (跳转).', { request: ID, toNode: { type: 'String', required: true } }, { request: id, toNode: { type: 'string' } }, async (env, i) => answer(await ops.jump(env, i.request, i.toNode))),
      mutation('markApprovalRead', 'Marks a task of yours (a CC) read (已阅).', { task: ID }, { task: id }, async (env, i) => answer(await ops.markRead(env, i.task))),
      mutation('commentApproval', 'Comments on a request, or asks a user a question about it (沟通).', { request: ID, comment: { type: 'String', required: true }, ask: { type: 'ID' } }, { request: id, comment: { type: 'string', minLength: 1, maxLength: 4000 }, ask: { type: ['string', 'null'] } },
        async (env, i) => answer(await ops.comment(env, i.request, i.comment, i.ask ?? null))),
      mutation('setApprovalDelegation', 'Out of office: from–until, approval tasks of the user (default you) go to `to`.', { to: ID, from: { type: 'DateTime', required: true }, until: { type: 'DateTime', required: true }, user: { type: 'ID' } },
        { to: id, from: { type: 'string' }, until: { type: 'string' }, user: { type: ['string', 'null'] } }, async (env, i) => ops.setDelegation(env, i)),
      mutation('migrateApprovalRequest', 'Admins: moves a pending request to another version of its flow, node by node (mapping: old node id → new node id), validated before it runs.',
        { request: ID, toVersion: { type: 'Int', required: true }, mapping: { type: 'JSON', required: true } },
        { request: id, toVersion: { type: 'integer', minimum: 1 }, mapping: { type: 'object', additionalProperties: { type: 'string' } } },
        async (env, i) => answer(await ops.migrate(env, i.request, i.toVersion, i.mapping))),
    ],
    queries: [
      ...versionQueries({ kind: 'approvalFlow', table: 'tessera.approval_flow_versions', column: 'flow', list: 'approvalFlowDefinitions', versions: 'approvalFlowVersions', arg: 'flow', noun: 'approval flow' }),
      mutation('approvalFlowsFor', 'The active approval flows whose entry criteria hold over the record (name, label), in the order submitForApproval tries them.',
        { object: { type: 'String', required: true }, id: ID }, { object: { type: 'string' }, id }, async (env, i, call) => {
          const record = /^[0-9a-f-]{36}$/i.test(i.id) ? await call.api.get(i.object, i.id) : null;
          if (!record) throw new PlatformError('NOT_FOUND', `No ${i.object} ${i.id}`, { details: [{ pointer: '/id', message: 'no such record' }] });
          return ops.flowsFor(env, i.object, record);
        }),
      {
        name: 'myApprovalTasks', description: 'Your approval inbox: pending (to approve, claimable included), done, cc (CC\'d to you) or submitted (your requests).',
        args: { status: { type: 'String', description: 'pending (default), done, cc or submitted' }, first: { type: 'Int' } },
        input: { type: 'object', additionalProperties: false, properties: { status: { enum: ['pending', 'done', 'cc', 'submitted'] }, first: { type: 'integer', minimum: 1, maximum: 500 } } },
        run: (call) => myApprovalTasks(call.op, call.input as { status?: string; first?: number }),
      },
      {
        name: 'approvalRequests', description: 'A record\'s approval requests, newest first: nodes with their state, tasks, actors, comments and timestamps.',
        args: { object: { type: 'String', required: true }, id: ID },
        input: { type: 'object', additionalProperties: false, required: ['object', 'id'], properties: { object: { type: 'string' }, id: { type: 'string' } } },
        async run(call) {
          const i = call.input as { object: string; id: string };
          const record = /^[0-9a-f-]{36}$/i.test(i.id) ? await call.api.get(i.object, i.id) : null;
          if (!record) throw new PlatformError('NOT_FOUND', `No ${i.object} ${i.id}`, { details: [{ pointer: '/id', message: 'no such record' }] });
          return approvalRequests(call.op, i.object, i.id);
        },
      },
    ],
    setup(services, platform) {
      held.services = services;
      held.pool = platform.pool;
      // A workflow's startApproval step submits through this, as the run's actor, in the step's transaction.
      const submit: ApprovalSubmitter = async (tx, i) => {
        const { op, api } = await services.asSystem(i.tenantId, tx, { actorId: i.actorId, via: 'workflow' });
        const record = /^[0-9a-f-]{36}$/i.test(i.id) ? await api.get(i.object, i.id) : null;
        if (!record) throw new PlatformError('NOT_FOUND', `No ${i.object} ${i.id}`, { details: [{ pointer: '/record', message: 'no such record' }] });
        const env: Env = { db: tx, pool: platform.pool, schema: op.model.schema, tenantId: i.tenantId, services, op, api, actor: i.actorId, isAdmin: true, now: services.clock.now() };
        return answer(await ops.submit(env, { object: i.object, id: i.id, flow: i.flow }, record));
      };
      services.offer(SUBMIT_FOR_APPROVAL, submit);
    },
  });
}
