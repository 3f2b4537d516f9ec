import { definePlugin } from '../../src/plugins/index.ts';

/**
 * Reads made by plugins' code (issue 11): a command on every object that reads its record as the
 * caller, and a query that reads records by id as the caller. Both go through the verbs, so another
 * tenant's ids must reach nothing through them either.
 */
export const probe = definePlugin({
  name: 'security-probe',
  version: '1.0.0',
  commands: [{ name: 'probe', appliesTo: () => true, async run(call) { return call.api.get(call.object.name, call.id); } }],
  queries: [{
    name: 'securityProbe',
    input: { type: 'object', required: ['object', 'ids'], properties: { object: { type: 'string' }, ids: { type: 'array', items: { type: 'string' } } } },
    async run(call) {
      const { object, ids } = call.input as { object: string; ids: string[] };
      return call.api.find(object, { filter: { id: { in: ids } }, first: 100 });
    },
  }],
});
