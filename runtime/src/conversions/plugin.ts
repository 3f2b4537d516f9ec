import type pg from 'pg';
import { configItemsOf, definePlugin, PlatformError, type Plugin, type PluginSaveHook } from '@tessera/platform';
import { convertInputSchema, convert } from './convert.ts';
import { activeConversion, conversionKind } from './kind.ts';
import { conversionsTable, migrations } from './tables.ts';

/**
 * The lock of converted records (conversions with `source.lock`): updates and deletes of a
 * converted record are refused with `LOCKED` on every write path, admins and the system excepted.
 * One indexed statement per batch, only for objects whose conversion locks.
 */
function convertedLockHook(): PluginSaveHook {
  return {
    name: 'converted-lock',
    step: 'permissions',
    events: ['update', 'delete'],
    async run(ctx, batch) {
      if (ctx.principal.isAdmin || batch.ids.length === 0 || !activeConversion(ctx.model, batch.object.name)?.source?.lock) return;
      const { rows } = await ctx.db.query<{ record_id: string }>(`select record_id from ${conversionsTable(ctx.model.schema)} where object = $1 and record_id = any($2::uuid[]) limit 1`, [batch.object.name, batch.ids]);
      if (!rows.length) return;
      const i = batch.ids.indexOf(rows[0].record_id);
      throw new PlatformError('LOCKED', `The ${batch.object.name} ${rows[0].record_id} is converted: it can no longer be changed`, {
        details: [{ pointer: batch.ids.length > 1 ? `/ids/${i}` : '/id', message: 'locked: converted' }],
      });
    },
  };
}

/**
 * Conversion as a plugin: the kind `conversions`, the command `convert` on each object with an
 * active conversion (the mutation `<object>Convert(id: ID!, input: JSON)`: `leadConvert`; other
 * objects get nothing), the converted-record lock, and the table of conversions done.
 */
export function createConversionsPlugin(): Plugin {
  const held: { pool?: pg.Pool } = {};
  return definePlugin({
    name: 'conversions', version: '0.1.0', label: { en: 'Conversion', zh: '转化' }, after: ['permissions', 'duplicates'],
    description: 'Converts a record (a lead) into accounts, contacts and opportunities by a configured mapping, duplicate rules applied, activities moved.',
    metadataKinds: [conversionKind()],
    migrations,
    saveHooks: [convertedLockHook()],
    commands: [{
      name: 'convert',
      label: { en: 'Convert', zh: '转化' },
      description: 'Converts the record by its object\'s active conversion, in one transaction: targets created (or picked: `targets.<name>.existing`, merged into), mapped values overridable (`targets.<name>.values`), duplicate rules applied, the source marked, its activities moved. `preview: true` answers the mapped values and duplicates without writing.',
      appliesToKinds: ['conversion'],
      appliesTo: (object, tenant) => (tenant.items('conversion') as { object: string; active?: boolean }[]).some((c) => c.object === object.name && c.active !== false),
      input: convertInputSchema,
      access: 'write',
      permission: 'update',
      async run(call) {
        const c = activeConversion(call.op.model, call.object.name);
        if (!c) throw new PlatformError('NOT_FOUND', `${call.object.name} has no active conversion`);
        return convert(call, c, held.pool!);
      },
    }],
    queries: [
      {
        name: 'conversionOf', description: 'The active conversion of an object (its targets and mapping: what the Convert dialog shows), or null. Needs read on the object.',
        args: { object: { type: 'String', required: true } },
        input: { type: 'object', additionalProperties: false, required: ['object'], properties: { object: { type: 'string' } } },
        async run(call) {
          const { object } = call.input as { object: string };
          const rights = call.op.security;
          if (rights && !rights.bypass && !rights.object(object).read) return null;
          return activeConversion(call.op.model, object) ?? null;
        },
      },
      {
        name: 'conversions', description: 'Every conversion of the tenant, active or not (the Setup editor). Needs manageMetadata.', capability: 'manageMetadata',
        run: async (call) => configItemsOf(call.op.model, 'conversion'),
      },
    ],
    setup(_services, platform) { held.pool = platform.pool; },
  });
}
