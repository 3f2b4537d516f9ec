import { inTransaction, type Actor } from '@tessera/platform';
import { createWorkflowsPlugin } from '@tessera/runtime/workflows';
import { approvalOperations as ops, createApprovalsPlugin, type ApprovalEnv } from '@tessera/runtime/approvals';
import { fmt, table, time, type BenchContext } from '../harness.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const ORDER = { name: 'order', fields: [{ name: 'name', type: 'text', required: true }, { name: 'status', type: 'text' }] };

/**
 * Approvals (issue 14): approval operations per second — BENCH_APPR_REQUESTS requests of a
 * two-node flow (会签 of 2, then 或签 of 2) submitted, approved three times each, every operation
 * its own transaction as a request to /graphql has (locks, tasks, timeline, notifications; the
 * outcome's field update through the save pipeline). Counts submit + approvals.
 */
export async function approvalsSuite(ctx: BenchContext): Promise<void> {
  const { platform } = ctx;
  const n = num('BENCH_APPR_REQUESTS', 200);
  console.log(`\n## Approvals (issue 14): ${n} requests × (1 submit + 3 approvals), one transaction each\n`);
  // The workflows suite may have installed the workflows plugin already (suites share the platform).
  if (!platform.plugins.has('workflows')) await platform.plugins.install(createWorkflowsPlugin());
  const plugin = createApprovalsPlugin();
  await platform.plugins.install(plugin);
  const t = await ctx.newTenant('bench-appr');
  const { rows: users } = await platform.pool.query<{ id: string }>(`insert into tessera.users (id, tenant_id, email, name, locale, is_admin) select gen_random_uuid(), $1, 'appr' || g || '-' || $2 || '@bench.local', 'Approver ' || g, 'en', false from generate_series(1, 4) g returning id`, [t.id, Date.now()]);
  const [a, b, c, d] = users.map((u) => u.id);
  await platform.metadata.applyMetadata(t.id, actor, { objects: [ORDER], approvalFlows: [{ name: 'bench', object: 'order', onApproved: { update: { status: 'Approved' } }, nodes: [
    { id: 'sign', mode: 'all', approvers: [{ type: 'user', users: [a, b] }] },
    { id: 'any', mode: 'any', approvers: [{ type: 'user', users: [c, d] }] },
  ] }] });
  await platform.models.get(t.id);
  const { rows: records } = await platform.pool.query<{ id: string }>(`insert into "${t.schema}"."order" (id, name, "createdAt", "updatedAt") select gen_random_uuid(), 'order ' || g, now(), now() from generate_series(1, $1) g returning id`, [n]);
  const services = (platform.plugins as unknown as { servicesFor(p: unknown): any }).servicesFor(plugin);
  const as = <T>(user: string | null, work: (env: ApprovalEnv) => Promise<T>) => inTransaction(platform.pool, 60_000, async (db) => {
    const { op, api } = await services.asSystem(t.id, db, { actorId: user });
    return work({ db, pool: platform.pool, schema: t.schema, tenantId: t.id, services, op, api, actor: user, isAdmin: false, now: services.clock.now() });
  });
  const taskOf = async (request: string, user: string) => (await platform.pool.query<{ id: string }>(`select id from "${t.schema}"._approval_tasks where request_id = $1 and assignee_id = $2 and status = 'pending'`, [request, user])).rows[0].id;
  let operations = 0;
  const { ms } = await time(async () => {
    for (const r of records) {
      const req = await as(t.adminId, async (env) => ops.submit(env, { object: 'order', id: r.id, flow: 'bench' }, { id: r.id, name: 'x' }));
      for (const u of [a, b, c]) await as(u, async (env) => ops.approve(env, await taskOf(req.id, u), null));
      operations += 4;
    }
  });
  const { rows: [check] } = await platform.pool.query(`select count(*) filter (where status = 'Approved')::int as approved from "${t.schema}"."order"`);
  table([
    { what: `approval operations per second (${n} × submit + 3 approvals, one transaction each, sequential)`, value: `${((operations / ms) * 1000).toFixed(0)} ops/s (${operations} in ${fmt(ms)}; ${check.approved} of ${n} records approved)`, goal: '' },
  ]);
}
