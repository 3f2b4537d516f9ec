import { createHmac, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { definePlugin, PlatformError, type Plugin, type PluginServices, type QueryCall } from '@tessera/platform';
import type { WorkflowItem } from './definition.ts';
import { advance, cancelRun, recheck, resume, retryRun, schemaOf, type EngineContext } from './engine.ts';
import { offerApprovalOutcomes } from './approval-trigger.ts';
import { backfill, enqueueBackfill, type BackfillJob } from './backfill.ts';
import { workflowKind } from './kind.ts';
import { startRun } from './runs.ts';
import { migrations, notificationsTable, runsTable, stepsTable } from './tables.ts';
import { versionQueries } from './versions.ts';
import { activeWorkflows, fireCron, fireDateTrigger, scheduleCron, triggerSubscriber } from './triggers.ts';

/** Attempts of an outbound webhook delivery (backoff 2 s doubling, at most 5 min apart) before its run fails. */
export const DELIVERY_ATTEMPTS = 8;

export const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function inTx<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    const out = await work(db);
    await db.query('commit');
    return out;
  } catch (error) {
    await db.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

/**
 * The workflow engine as a plugin: the kind `workflows` (versioned), triggers (record changes
 * through a change-event subscriber, date-relative timers that follow the record, cron, manual
 * `runWorkflow`, signed inbound webhooks), runs advanced by durable jobs step by step with each
 * step's effects committed with its completion mark, and the run history, inbox and retries.
 */
export function createWorkflowsPlugin(): Plugin {
  const held: { services?: PluginServices; pool?: pg.Pool } = {};
  const engine = (services: PluginServices, tenantId: string, db: pg.PoolClient): EngineContext => ({ services, tenantId, db });
  return definePlugin({
    name: 'workflows', version: '0.1.0', label: { en: 'Workflows', zh: '工作流' }, after: ['events'],
    description: 'Durable, exactly-once workflows on record changes, dates, schedules, requests and webhooks.',
    metadataKinds: [workflowKind(async (tenantId, wf, name) => {
      if (held.services && held.pool) await inTx(held.pool, (db) => scheduleCron(held.services!, db, tenantId, wf, name));
    }, async (tx, name, before, after) => {
      if (held.services) await enqueueBackfill(held.services, tx, name, before, after);
    })],
    migrations,
    // The services the platform hands over at setup (the subscriber is declared before it).
    subscribers: [{ ...triggerSubscriber(new Proxy({} as PluginServices, { get: (_, key) => held.services![key as keyof PluginServices] })) }],
    jobs: [
      { name: 'advance', options: { concurrency: 4 }, async run(p: { tenantId: string; runId: string }, ctx) { await advance(engine(ctx, p.tenantId, ctx.tx), p.runId); } },
      {
        name: 'resume',
        async run(p: { tenantId: string; runId: string; step?: string; seq?: number; child?: string; check?: boolean }, ctx) {
          const e = engine(ctx, p.tenantId, ctx.tx);
          if (p.check) return recheck(e, p.runId);
          await resume(e, p.runId, p.step!, p.child ? { child: p.child } : { resumedAt: ctx.clock.now() }, p.seq);
        },
      },
      {
        name: 'deliver', options: { maxAttempts: DELIVERY_ATTEMPTS, backoff: { delaySeconds: 2, exponential: true, maxDelaySeconds: 300 }, timeoutSeconds: 60 },
        async run(p: { tenantId: string; runId: string; step: string; seq: number; delivery: string; url: string; method: string; body: unknown }, ctx) {
          const secret = await secretOfRun(ctx.tx, p.tenantId, p.runId);
          const text = JSON.stringify(p.body);
          let failure: string | undefined;
          let status = 0;
          try {
            const res = await fetch(p.url, {
              method: p.method, body: text, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(30_000)]),
              headers: { 'content-type': 'application/json', 'idempotency-key': p.delivery, 'x-tessera-delivery': p.delivery, 'x-tessera-attempt': String(ctx.attempt), ...(secret ? { 'x-tessera-signature': sign(secret, text) } : {}) },
            });
            status = res.status;
            if (!res.ok) failure = `HTTP ${res.status}`;
          } catch (error) {
            failure = (error as Error).message;
          }
          const e = engine(ctx, p.tenantId, ctx.tx);
          if (!failure) return resume(e, p.runId, p.step, { delivery: p.delivery, status, attempts: ctx.attempt }, p.seq);
          if (ctx.attempt < DELIVERY_ATTEMPTS) throw new Error(`Delivery ${p.delivery} to ${p.url} failed: ${failure}`);
          await failRun(e, p.runId, `${p.step}: delivery failed ${ctx.attempt} times, last: ${failure}`);
        },
      },
      {
        name: 'email', options: { maxAttempts: 5, backoff: { delaySeconds: 5, exponential: true } },
        async run(p: { tenantId: string; users: string[]; title: string; body: string | null; key: string }, ctx) {
          const { rows } = await ctx.tx.query<{ email: string }>('select email from tessera.users where tenant_id = $1 and id = any($2) and email is not null', [p.tenantId, p.users]);
          if (!rows.length || !process.env.TESSERA_SMTP_URL) return;
          const nodemailer = (await import('nodemailer')).default;
          const transport = nodemailer.createTransport(process.env.TESSERA_SMTP_URL);
          await transport.sendMail({ from: process.env.TESSERA_SMTP_FROM ?? 'tessera@localhost', to: rows.map((r) => r.email), subject: p.title, text: p.body ?? '', messageId: `<${p.key}@tessera>` });
        },
      },
      { name: 'fire', async run(p: { tenantId: string; workflow: string; recordId: string; dueAt: string }, ctx) { await fireDateTrigger(ctx, ctx.tx, p); } },
      { name: 'cron', async run(p: { tenantId: string; workflow: string; at: string }, ctx) { await fireCron(ctx, ctx.tx, p); } },
      { name: 'backfill', async run(p: BackfillJob, ctx) { await backfill(ctx, ctx.tx, p); } },
    ],
    commands: [{
      // Only on objects with an active manual workflow (one without an object runs on any record):
      // a tenant without manual workflows sees no <object>RunWorkflow in its API.
      name: 'runWorkflow', appliesToKinds: ['workflow'], access: 'write', label: { en: 'Run workflow', zh: '运行工作流' },
      appliesTo: (object, tenant) => (tenant.items('workflow') as WorkflowItem[]).some((w) => w.active !== false && w.trigger.type === 'manual' && (!w.object || w.object === object.name)),
      description: 'Starts a run of a manual workflow of the record\'s object on the record (input: {workflow}); answers the run\'s id.',
      input: { type: 'object', required: ['workflow'], additionalProperties: false, properties: { workflow: { type: 'string' } } },
      async run(call) {
        const name = (call.input as { workflow: string }).workflow;
        const wf = (await activeWorkflows(call.op.db, call.op.principal.tenantId)).find((w) => w.name === name);
        if (!wf || wf.trigger.type !== 'manual' || (wf.object && wf.object !== call.object.name)) throw new PlatformError('NOT_FOUND', `No active manual workflow ${name} on ${call.object.name}`, { details: [{ pointer: '/input/workflow', message: 'no such manual workflow' }] });
        const tenantId = call.op.principal.tenantId;
        const run = await startRun(call.op.db, { schema: call.op.model.schema, tenantId, workflow: name, object: call.object.name, recordId: call.id, actorId: call.op.principal.userId, trigger: { type: 'manual' }, now: call.clock.now() });
        await call.enqueue('advance', { tenantId, runId: run }, { tx: call.op.db, tenantId });
        return { run };
      },
    }],
    queries: [
      ...versionQueries({ kind: 'workflow', table: 'tessera.workflow_versions', column: 'workflow', list: 'workflowDefinitions', versions: 'workflowVersions', arg: 'workflow', noun: 'workflow', secrets: ['secret'] }),
      {
        name: 'workflowRuns', capability: 'manageWorkflows', description: 'Runs of workflows, newest first, each with its steps: input, output, timing and error.',
        args: { workflow: { type: 'String' }, status: { type: 'String', description: 'running, waiting, completed, failed or cancelled' }, first: { type: 'Int' } },
        input: { type: 'object', additionalProperties: false, properties: { workflow: { type: 'string' }, status: { enum: ['running', 'waiting', 'completed', 'failed', 'cancelled'] }, first: { type: 'integer', minimum: 1, maximum: 500 } } },
        async run(call) {
          const i = call.input as { workflow?: string; status?: string; first?: number };
          const s = call.op.model.schema;
          const { rows } = await call.op.db.query(
            `select r.id, r.workflow, r.version, r.status, r.object, r.record_id as "recordId", r.actor_id as "actorId", r.trigger, r.step, r.error, r.started_at as "startedAt", r.finished_at as "finishedAt",
               coalesce((select json_agg(json_build_object('seq', s.seq, 'step', s.step, 'type', s.type, 'status', s.status, 'input', s.input, 'output', s.output, 'error', s.error, 'startedAt', s.started_at, 'finishedAt', s.finished_at) order by s.seq) from ${stepsTable(s)} s where s.run_id = r.id), '[]') as steps
             from ${runsTable(s)} r where ($1::text is null or r.workflow = $1) and ($2::text is null or r.status = $2) order by r.started_at desc, r.id desc limit $3`,
            [i.workflow ?? null, i.status ?? null, i.first ?? 50]);
          return rows;
        },
      },
      {
        name: 'notifications', description: 'The caller\'s in-app notifications, newest first, with the unread count.',
        args: { unread: { type: 'Boolean' }, first: { type: 'Int' } },
        input: { type: 'object', additionalProperties: false, properties: { unread: { type: 'boolean' }, first: { type: 'integer', minimum: 1, maximum: 500 } } },
        async run(call) {
          const i = call.input as { unread?: boolean; first?: number };
          const t = notificationsTable(call.op.model.schema);
          const user = call.op.principal.userId;
          const { rows } = await call.op.db.query(`select id, title, body, object, record_id as "recordId", run_id as "runId", created_at as "createdAt", read_at as "readAt" from ${t} where user_id = $1 and ($2::boolean is null or (read_at is null) = $2) order by created_at desc, id desc limit $3`, [user, i.unread ?? null, i.first ?? 50]);
          const [{ unread }] = (await call.op.db.query<{ unread: number }>(`select count(*)::int as unread from ${t} where user_id = $1 and read_at is null`, [user])).rows;
          return { unread, nodes: rows };
        },
      },
    ],
    mutations: [
      ...(['retry', 'cancel'] as const).map((verb) => ({
        name: `${verb}WorkflowRun`, capability: 'manageWorkflows',
        description: verb === 'retry' ? 'A failed run goes on from its failed step, on its own version.' : 'A run not finished stops where it is; its waits and timers go.',
        args: { id: { type: 'ID' as const, required: true } },
        input: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        async run(call: QueryCall) {
          const e = engine(call, call.op.principal.tenantId, call.op.db);
          const id = (call.input as { id: string }).id;
          const run = /^[0-9a-f-]{36}$/i.test(id) ? (verb === 'retry' ? await retryRun(e, id) : await cancelRun(e, id)) : undefined;
          if (!run) throw new PlatformError('NOT_FOUND', `No workflow run ${id}`, { details: [{ pointer: '/id', message: 'no such run' }] });
          return { id: run.id, status: run.status };
        },
      })),
      {
        name: 'runWorkflow', description: 'Starts a run of a manual workflow on a record (the caller must be able to change it); answers the run\'s id.',
        args: { name: { type: 'String', required: true }, object: { type: 'String', required: true }, id: { type: 'ID', required: true } },
        input: { type: 'object', required: ['name', 'object', 'id'], properties: { name: { type: 'string' }, object: { type: 'string' }, id: { type: 'string' } } },
        async run(call) {
          const i = call.input as { name: string; object: string; id: string };
          return call.api.runCommand(i.object, 'runWorkflow', i.id, { workflow: i.name });
        },
      },
      {
        name: 'markRead', description: 'Marks the caller\'s notifications read (all unread ones when no ids are given); answers how many.',
        args: { ids: { type: 'ID', list: true } },
        input: { type: 'object', properties: { ids: { type: 'array', items: { type: 'string', format: 'uuid' } } } },
        async run(call) {
          const ids = (call.input as { ids?: string[] }).ids;
          const { rowCount } = await call.op.db.query(`update ${notificationsTable(call.op.model.schema)} set read_at = $3 where user_id = $1 and read_at is null and ($2::uuid[] is null or id = any($2))`, [call.op.principal.userId, ids ?? null, call.clock.now()]);
          return { marked: rowCount };
        },
      },
    ],
    routes: [
      {
        method: 'POST', path: '/hooks/:tenant/:workflow', auth: 'public', rawBody: true,
        async handler(call) {
          const { tenant, workflow } = call.request.params;
          const raw = call.request.rawBody ?? Buffer.alloc(0);
          const refused = () => new PlatformError('UNAUTHENTICATED', 'The signature does not match');
          if (!/^[0-9a-f-]{36}$/i.test(tenant)) throw refused();
          return inTx(held.pool!, async (db) => {
            const wf = (await activeWorkflows(db, tenant)).find((w) => w.name === workflow);
            const given = Buffer.from(call.request.headers['x-tessera-signature'] ?? '');
            const expected = Buffer.from(wf?.secret ? sign(wf.secret, raw.toString('utf8')) : '');
            if (!wf || wf.trigger.type !== 'webhook' || !wf.secret || given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
            const key = call.request.headers['idempotency-key'];
            const run = await startRun(db, { schema: await schemaOf(db, tenant), tenantId: tenant, workflow, actorId: wf.runAs, trigger: { type: 'webhook', body: call.request.body }, dedupe: key ? `hook:${workflow}:${key}` : undefined, now: call.clock.now() });
            if (run) await call.enqueue('advance', { tenantId: tenant, runId: run }, { tx: db, tenantId: tenant });
            return { status: 202, body: { run } };
          });
        },
      },
    ],
    setup(services, platform) {
      held.services = services;
      held.pool = platform.pool;
      offerApprovalOutcomes(services);
    },
  });
}

/**
 * The signing secret of a run's workflow: the one stored now (a rotated secret signs the deliveries
 * still to go), never a version's copy (versions keep no secret: they are read back by designers).
 */
async function secretOfRun(db: pg.PoolClient, tenantId: string, runId: string): Promise<string | undefined> {
  const schema = await schemaOf(db, tenantId);
  const { rows } = await db.query<{ secret: string | null }>(`select c.item->>'secret' as secret from ${runsTable(schema)} r join tessera.config_items c on c.tenant_id = $1 and c.kind = 'workflow' and c.name = r.workflow where r.id = $2`, [tenantId, runId]);
  return rows[0]?.secret ?? undefined;
}

async function failRun(e: EngineContext, runId: string, error: string): Promise<void> {
  const schema = await schemaOf(e.db, e.tenantId);
  await e.db.query(`update ${runsTable(schema)} set status = 'failed', error = $2, updated_at = $3 where id = $1 and status = 'waiting'`, [runId, error, e.services.clock.now()]);
}
