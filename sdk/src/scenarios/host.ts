import { definePlugin, inTransaction, type LocalApi, type PluginServices, type RunningServer } from '@tessera/platform';

/**
 * The records API as a scenario's users and as the system, borrowed the way any plugin gets it: the
 * runner installs a plugin of its own (`scenario-runner`, no hooks, no kinds) once per server and
 * keeps its services. Steps thus write through the same verbs, pipeline and rights as every transport.
 */
const servicesOf = new WeakMap<object, PluginServices>();

export async function runnerServices(server: RunningServer): Promise<PluginServices> {
  const known = servicesOf.get(server.platform);
  if (known) return known;
  let captured: PluginServices | undefined;
  await server.platform.plugins.install(definePlugin({
    name: 'scenario-runner',
    version: '1.0.0',
    description: 'tessera test: the records API as a scenario\'s users (installed by the scenario runner only).',
    setup(services) {
      captured = services;
    },
  }));
  if (!captured) throw new Error('The scenario runner\'s plugin was installed without its services');
  servicesOf.set(server.platform, captured);
  return captured;
}

/** Runs `work` with the records API as `userId` (null: the system) in one transaction, committed when it returns. */
export async function withRecords<T>(server: RunningServer, tenantId: string, userId: string | null, work: (api: LocalApi) => Promise<T>): Promise<T> {
  const services = await runnerServices(server);
  return inTransaction(server.platform.pool, 60_000, async (db) => {
    const { api } = userId ? await services.asUser(tenantId, db, userId, { via: 'api' }) : await services.asSystem(tenantId, db, { via: 'system' });
    return work(api);
  });
}
