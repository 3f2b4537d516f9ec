import { definePlugin, type Plugin, type PluginServices } from '@tessera/platform';
import { reactivationKind } from './kind.ts';
import { reactivateOnCreate, reactivationsOf } from './reactivate.ts';
import { reactivations } from './timeline.ts';

/**
 * Reactivation as a plugin: the kind `reactivations` and a before-write hook on creates, ahead of the
 * pools' guard (which then sees only the records really created), so that every create path — the
 * GraphQL create and bulk create, imports, web forms, scripts' ctx.db — reactivates a dormant or
 * public record a duplicate rule matches instead of creating a second one, and answers it.
 */
export function createReactivationPlugin(): Plugin {
  const held: { services?: PluginServices } = {};
  return definePlugin({
    name: 'reactivation', version: '0.1.0', label: { en: 'Reactivation', zh: '线索激活' },
    after: ['permissions'],
    requires: { pools: '^0.1.0', workflows: '^0.1.0' },
    description: 'A re-inquiry of a record in a public pool or marked dormant reactivates it: merged, noted, back to its last owner, the team notified.',
    metadataKinds: [reactivationKind()],
    saveHooks: [{
      name: 'reinquiry', step: 'beforeWrite', events: ['create'], before: ['pools:guard'],
      async run(ctx, batch) { await reactivateOnCreate(ctx, batch, held.services!); },
    }],
    timelineSources: [reactivations],
    queries: [{
      name: 'reactivations', description: 'The active reactivations (of one object with `object`).',
      args: { object: { type: 'String' } },
      input: { type: 'object', additionalProperties: false, properties: { object: { type: ['string', 'null'] } } },
      run: async (call) => (reactivationsOf(call.op.model)).filter((r) => !(call.input as { object?: string }).object || r.object === (call.input as { object: string }).object),
    }],
    setup(s) { held.services = s; },
  });
}
