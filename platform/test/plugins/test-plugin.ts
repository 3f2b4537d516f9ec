import { createHmac } from 'node:crypto';
import { definePlugin, documentItems, loadDocumentItems } from '../../src/plugins/index.ts';
import { LocalApi } from '../../src/operations/index.ts';
import { PlatformError } from '../../src/errors/index.ts';
import { pgRunner } from '../../src/storage/sql/runner.ts';
import type pg from 'pg';

/**
 * The plugin the contract tests install: a toy "deal pools" app with one of every part — a
 * metadata kind (`dealPools`), a command (`dealClaim`), a query (`dealPoolStats`), routes (one
 * signed in, one public and signed with HMAC), a job fired by a timer, save hooks (a field filter
 * and a declared order), a tenant migration (its own table in each tenant schema), a system
 * migration, a subscriber, and a studio page.
 */
export const HOOK_SECRET = 'test-secret';
export const calls = { statusHook: 0, order: [] as string[], subscriber: 0 };

export function testPlugin(options: { pool: pg.Pool; name?: string; version?: string; migrations?: boolean }) {
  const name = options.name ?? 'test-pools';
  return definePlugin({
    name,
    version: options.version ?? '1.2.0',
    label: { en: 'Deal pools', zh: '商机公海' },
    description: 'A toy pool app that exercises every part of the plugin contract.',
    metadataKinds: [documentItems({
      name: 'dealPool', documentKey: 'dealPools',
      schema: {
        type: 'object', additionalProperties: false, required: ['name', 'object', 'cap'],
        properties: { name: { type: 'string', pattern: '^[a-z][a-zA-Z0-9]*$' }, object: { type: 'string' }, cap: { type: 'integer', minimum: 1, maximum: 1000 } },
      },
      uses: (item) => [{ target: { kind: 'object', name: String(item.object) }, pointer: '/object', onDelete: 'refuse', onRename: 'refuse' }],
    })],
    saveHooks: [
      // Woken only when `stage` is written on a deal.
      { name: 'stage-watch', step: 'afterWrite', objects: ['deal'], events: ['update'], fields: ['stage'], async run() { calls.statusHook++; } },
      // Declared order: second runs after first although it is listed first.
      { name: 'second', step: 'beforeWrite', objects: ['deal'], after: ['first'], async run() { calls.order.push('second'); } },
      { name: 'first', step: 'beforeWrite', objects: ['deal'], async run() { calls.order.push('first'); } },
    ],
    commands: [{
      name: 'claim',
      objects: ['deal'],
      label: { en: 'Claim', zh: '领取' },
      // The rep must see the record and hold the update right on deals; the claim itself is the plugin's to make.
      access: 'read',
      permission: 'update',
      input: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 20 } } },
      async run(call) {
        const pools = await loadDocumentItems<{ name: string; object: string; cap: number }>(pgRunner(options.pool), call.op.model.tenantId, 'dealPool');
        const cap = pools.find((p) => p.object === 'deal')?.cap ?? Infinity;
        // What the caller owns already, read as the caller (their rights apply).
        const owned = await call.api.find('deal', { filter: { owner: { eq: call.op.principal.userId } }, first: 500 });
        if (owned.length >= cap) throw new PlatformError('LIMIT_EXCEEDED', `The pool's cap of ${cap} is reached`, { extensions: { limit: 'poolCap', value: owned.length + 1, max: cap } });
        await call.system.update('deal', call.id, { owner: call.op.principal.userId });
        await call.schedule({ tenantId: call.op.model.tenantId, key: `follow-up:${call.id}`, dueAt: new Date(call.clock.now().getTime() + 24 * 3600_000), job: 'remind', payload: { id: call.id, note: (call.input as { note?: string }).note ?? null } });
        return { claimed: call.id, owner: call.op.principal.userId, note: (call.input as { note?: string }).note ?? null };
      },
    }],
    queries: [{
      name: 'dealPoolStats',
      description: 'How many deals the caller can see, and the reminders sent.',
      input: { type: 'object', additionalProperties: false, properties: { object: { type: 'string' } } },
      async run(call) {
        const seen = await call.api.find('deal', { first: 500 });
        const table = `"${call.op.model.schema}".test_pool_reminders`;
        const [{ exists }] = (await call.op.db.query('select to_regclass($1) is not null as exists', [table])).rows;
        const reminders = exists ? (await call.op.db.query(`select count(*)::int as n from ${table}`)).rows[0].n : 0;
        return [{ visibleDeals: seen.length, reminders }];
      },
    }],
    mutations: [{
      name: 'renameDeal',
      description: 'Renames a deal as the caller, in the request\'s transaction (typed arguments).',
      args: { id: { type: 'ID', required: true }, name: { type: 'String', required: true }, letters: { type: 'Enum', name: 'LetterCase', values: ['UPPER', 'LOWER', 'AS_GIVEN'] } },
      input: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string', maxLength: 20 }, letters: { enum: ['UPPER', 'LOWER', 'AS_GIVEN'] } } },
      async run(call) {
        const { id, name, letters } = call.input as { id: string; name: string; letters?: string };
        return call.api.update('deal', id, { name: letters === 'UPPER' ? name.toUpperCase() : letters === 'LOWER' ? name.toLowerCase() : name });
      },
    }],
    routes: [
      {
        method: 'GET', path: '/stats/:object',
        async handler(call) {
          const object = call.request.params.object;
          const count = await call.transaction!(async (op) => (await new LocalApi(op, { via: op.via }).find(object, { first: 500 })).length);
          return { body: { object, count, user: call.principal!.userId } };
        },
      },
      {
        method: 'POST', path: '/inbound', auth: 'public', rawBody: true,
        async handler(call) {
          const signature = createHmac('sha256', HOOK_SECRET).update(call.request.rawBody!).digest('hex');
          if (call.request.headers['x-signature'] !== signature) return { status: 401, body: { error: 'bad signature' } };
          return { status: 202, body: { received: call.request.body } };
        },
      },
    ],
    jobs: [{
      name: 'remind',
      async run(payload: { id: string; note: string | null }, ctx) {
        const { rows } = await ctx.tx.query('select schema_name from tessera.tenants where id = $1', [ctx.tenantId]);
        await ctx.tx.query(`insert into "${rows[0].schema_name}".test_pool_reminders (deal_id, note, at) values ($1, $2, $3)`, [payload.id, payload.note, ctx.clock.now()]);
      },
    }],
    subscribers: [{ name: 'count', objects: ['deal'], async handle(events) { calls.subscriber += events.length; } }],
    migrations: options.migrations === false ? [] : [
      { id: '001-marker', scope: 'system', async up(db) { await db.query('create table if not exists public.test_plugin_marker (at timestamptz default now())'); await db.query('insert into public.test_plugin_marker default values'); } },
      { id: '001-reminders', scope: 'tenant', async up(db) { await db.query('create table test_pool_reminders (deal_id uuid not null, note text, at timestamptz not null)'); } },
    ],
    studio: {
      nav: [{ label: { en: 'Deal pools', zh: '商机公海' }, page: 'pools' }],
      pages: [{
        path: 'pools', title: { en: 'Deal pools', zh: '商机公海' },
        blocks: [
          { type: 'text', text: { en: 'Claim deals from the pool.', zh: '从公海领取商机。' } },
          { type: 'query', query: 'dealPoolStats', title: { en: 'Pool statistics', zh: '公海统计' } },
        ],
      }],
    },
  });
}
