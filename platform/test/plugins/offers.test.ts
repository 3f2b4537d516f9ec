import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { definePlugin, type PluginServices } from '../../src/plugins/index.ts';
import { startIsolatedServer } from '../kernel/support.ts';

/** Plugins calling each other through the plugin services: `offer` under the plugin's own name, `use` by name, gone at uninstall. */
let server: RunningServer;
beforeAll(async () => { server = await startIsolatedServer({}); });
afterAll(async () => { await server?.close(); });

const held: Record<string, PluginServices> = {};
const plugin = (name: string, offers: Record<string, unknown> = {}) => definePlugin({
  name, version: '1.0.0',
  setup(services) {
    held[name] = services;
    for (const [key, value] of Object.entries(offers)) services.offer(key, value);
  },
});

describe('offer / use', () => {
  it('one plugin uses what another offers; it is gone when the offering plugin is uninstalled', async () => {
    const double = (n: number) => n * 2;
    await server.platform.plugins.install(plugin('maths', { 'maths.double': double }));
    await server.platform.plugins.install(plugin('user'));
    expect(held.user.use<typeof double>('maths.double')?.(21)).toBe(42);
    expect(held.user.use('maths.triple')).toBeUndefined();
    await server.platform.plugins.uninstall('maths');
    expect(held.user.use('maths.double')).toBeUndefined();
    await server.platform.plugins.uninstall('user');
  });

  it('refuses a name outside the plugin\'s own, and a failed install offers nothing', async () => {
    await expect(server.platform.plugins.install(plugin('thief', { 'thief.ok': 1, 'maths.double': () => 0 }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await server.platform.plugins.install(plugin('user'));
    expect(held.user.use('thief.ok')).toBeUndefined();
    expect(held.user.use('maths.double')).toBeUndefined();
    expect(server.platform.plugins.list().map((p) => p.name)).not.toContain('thief');
    await server.platform.plugins.uninstall('user');
  });
});
