import { definePlugin, type OperationContext, type Plugin, type PluginQuery, type PluginServices, type QueryCall } from '@tessera/platform';
import { poolsOf } from './config.ts';
import { poolHooks } from './hooks.ts';
import { poolKind } from './kind.ts';
import * as ops from './operations.ts';
import { migrations } from './tables.ts';

const S = { type: 'String' as const, required: true };
const IDS = { type: 'ID' as const, list: true, required: true };
const ids = { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'string' } };
const str = { type: 'string', minLength: 1, maxLength: 200 };

/** A root field over typed args: the input is the args object, checked by its JSON Schema. */
const field = (name: string, description: string, args: PluginQuery['args'], properties: Record<string, unknown>, run: (op: OperationContext, input: any, call: QueryCall) => Promise<unknown>): PluginQuery => ({
  name, description, args,
  input: { type: 'object', additionalProperties: false, required: Object.entries(args ?? {}).filter(([, a]) => a.required).map(([k]) => k), properties },
  run: (call) => run(call.op, call.input, call),
});

/**
 * Lead pools (公海/私海) for any object with an owner: the kind `pools`, the guard that holds every
 * owner change of a pooled record to its pool's cap (and a claim to membership, cooldown and the
 * daily quota) on every write path, deadlines as timers that recycle records to their public pool
 * with a reason, reminders into the workflows inbox, and the pool operations on /graphql.
 */
export function createPoolsPlugin(): Plugin {
  const held: { services?: PluginServices } = {};
  const services = () => held.services!;
  const system = async (tenantId: string, tx: import('pg').PoolClient, s: PluginServices) => (await s.asSystem(tenantId, tx, { via: 'workflow' })).op;
  return definePlugin({
    name: 'pools', version: '0.1.0', label: { en: 'Lead pools', zh: '公海/私海' },
    after: ['permissions', 'audit', 'scripts', 'workflows', 'approvals'],
    requires: { workflows: '^0.1.0' },
    description: 'Public and private pools of any object with an owner: caps, daily claim quotas, cooldowns, follow-up deadlines, reminders, recycling and transfers, on every write path.',
    metadataKinds: [poolKind()],
    migrations,
    saveHooks: poolHooks(services),
    // A record's timer sweeps its object: when many records fall due at once, the first job
    // recycles them all in batches (skip locked) and the others find nothing left to do.
    jobs: [
      { name: 'due', async run(p: { tenantId: string; object: string }, ctx) { await ops.recycleDue(await system(p.tenantId, ctx.tx, ctx), p.object, ctx.clock.now()); } },
      { name: 'remind', async run(p: { tenantId: string; object: string }, ctx) { await ops.remindDue(await system(p.tenantId, ctx.tx, ctx), p.object, ctx.clock.now()); } },
      {
        name: 'sweep',
        async run(p: { tenantId: string; object: string }, ctx) {
          const op = await system(p.tenantId, ctx.tx, ctx);
          await ops.remindDue(op, p.object, ctx.clock.now());
          await ops.recycleDue(op, p.object, ctx.clock.now());
        },
      },
    ],
    mutations: [
      field('claimRecords', 'Claims (抢单) records of public pools you are a member of into your private pool, within your cap, the daily quota and the cooldown.',
        { object: S, ids: IDS }, { object: { type: 'string' }, ids }, (op, i) => ops.claim(op, i.object, i.ids)),
      field('releaseRecords', 'Gives records of your private pool back to their public pool, with a reason.',
        { object: S, ids: IDS, reason: { type: 'String' } }, { object: { type: 'string' }, ids, reason: { type: ['string', 'null'], maxLength: 200 } }, (op, i) => ops.release(op, i.object, i.ids, i.reason ?? null)),
      field('assignRecords', 'A manager of the records\' pool (or an administrator) assigns them to a user, within the user\'s cap.',
        { object: S, ids: IDS, to: { type: 'ID', required: true } }, { object: { type: 'string' }, ids, to: { type: 'string' } }, (op, i) => ops.assign(op, i.object, i.ids, i.to)),
      field('transferRecords', 'Moves records to another pool of their object (its public part).',
        { object: S, ids: IDS, pool: S }, { object: { type: 'string' }, ids, pool: str }, (op, i) => ops.transfer(op, i.object, i.ids, i.pool)),
    ],
    queries: [
      field('poolDefinitions', 'The pools (of one object with `object`), as documents carry them: what the studio lists and edits.', { object: { type: 'String' } }, { object: { type: ['string', 'null'] } },
        async (op, i) => (poolsOf(op.model)).filter((p) => !i.object || p.object === i.object)),
      field('poolStatus', 'Your private pool of the object: {privateCount, privateCap, claimedToday, dailyQuota}.', { object: S }, { object: { type: 'string' } }, (op, i) => ops.status(op, i.object)),
      field('poolHistory', 'A record\'s pool history, oldest first: [{at, action, reason, from, to, pool}].', { object: S, id: { type: 'ID', required: true } }, { object: { type: 'string' }, id: { type: 'string' } },
        (op, i, call) => ops.history(op, call.api, i.object, i.id)),
      field('poolRecords', 'A public pool\'s records (the object\'s default pool when none is named), for its members.', { object: S, pool: { type: 'String' }, first: { type: 'Int' } },
        { object: { type: 'string' }, pool: { type: ['string', 'null'] }, first: { type: 'integer', minimum: 1, maximum: 500 } }, (op, i) => ops.publicRecords(op, i.object, i.pool ?? null, i.first ?? 100)),
      field('myPoolRecords', 'Your private pool of the object: status, and each record with its deadline and why.', { object: S, first: { type: 'Int' } },
        { object: { type: 'string' }, first: { type: 'integer', minimum: 1, maximum: 500 } }, (op, i) => ops.privateRecords(op, i.object, i.first ?? 200)),
    ],
    // The studio's pools page (public pools with claim, my private pool with countdowns) lives at this address; the blocks are for other clients.
    studio: {
      nav: [{ label: { en: 'Lead pools', zh: '公海/私海' }, page: 'pools' }],
      pages: [{ path: 'pools', title: { en: 'Lead pools', zh: '公海/私海' }, blocks: [{ type: 'text', text: { en: 'Public pools and your private pool.', zh: '公海与你的私海。' } }] }],
    },
    setup(s) {
      held.services = s;
    },
  });
}
