import type { Plugin } from '../plugins/index.ts';

/**
 * The plugins a process composes beyond the platform's own (the platform core never imports them):
 * modules named in TESSERA_PLUGINS (comma-separated; default DEFAULT_PLUGINS: the script runtime,
 * workflows, approvals and the CRM capabilities — pools, dispatch and assignment, scoring,
 * reactivation, conversions, collaboration, web forms — and exports, webhooks and imports, in the order their `requires` need; each costs a
 * tenant that does not configure it no statement per write), each exporting `plugin` or `createPlugin()`. The server installs them
 * at start, workers too (they run the same jobs), and the CLI when a command needs them (`metadata
 * apply` of a document with scripts, or with kinds only plugins know). TESSERA_EXTENSIONS is the
 * variable's earlier name; TESSERA_PLUGINS=@tessera/runtime keeps only the script runtime.
 */
export const DEFAULT_PLUGINS = [
  '@tessera/runtime', '@tessera/runtime/workflows', '@tessera/runtime/approvals',
  '@tessera/runtime/pools', '@tessera/runtime/assignment', '@tessera/runtime/scoring',
  '@tessera/runtime/reactivation', '@tessera/runtime/conversions', '@tessera/runtime/collaboration',
  '@tessera/runtime/exports', '@tessera/runtime/webhooks', '@tessera/runtime/imports', '@tessera/runtime/webforms',
].join(',');

export async function loadPlugins(env: NodeJS.ProcessEnv = process.env): Promise<Plugin[]> {
  const names = (env.TESSERA_PLUGINS ?? env.TESSERA_EXTENSIONS ?? DEFAULT_PLUGINS).split(',').map((s) => s.trim()).filter(Boolean);
  const loaded: Plugin[] = [];
  for (const name of names) {
    const mod = (await import(name)) as { plugin?: Plugin; createPlugin?: () => Plugin };
    const plugin = mod.createPlugin?.() ?? mod.plugin;
    if (!plugin) throw new Error(`The module ${name} (TESSERA_PLUGINS) exports neither plugin nor createPlugin()`);
    loaded.push(plugin);
  }
  return loaded;
}
