import semver from 'semver';
import { COMMAND_NAME, type QueryArg } from '../model/index.ts';
import type { Plugin, PluginSpec } from './types.ts';

export const PLUGIN_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const ITEM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const QUERY_NAME = /^[a-z][A-Za-z0-9]{0,62}$/;

/** A plugin's declaration that cannot be wired in: the message names the plugin and the part. */
export class PluginDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginDefinitionError';
  }
}

function unique(plugin: string, part: string, names: readonly string[], pattern: RegExp): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (!pattern.test(name)) throw new PluginDefinitionError(`Plugin ${plugin}: ${part} "${name}" is not a valid name (${pattern})`);
    if (seen.has(name)) throw new PluginDefinitionError(`Plugin ${plugin}: two ${part}s are named "${name}"`);
    seen.add(name);
  }
}

const ENUM_NAME = /^[A-Z][A-Za-z0-9]{0,62}$/;
const ENUM_VALUE = /^[_A-Za-z][_0-9A-Za-z]{0,62}$/;

/** Enum arguments: GraphQL names and values; one name, one set of values across the plugin's fields. */
function checkEnums(plugin: string, fields: readonly { name: string; args?: Record<string, QueryArg> }[]): void {
  const seen = new Map<string, string>();
  for (const field of fields) {
    for (const [arg, spec] of Object.entries(field.args ?? {})) {
      if (spec.type !== 'Enum') continue;
      const where = `Plugin ${plugin}: ${field.name}(${arg})`;
      if (!ENUM_NAME.test(spec.name ?? '')) throw new PluginDefinitionError(`${where}: the enum's name "${spec.name}" is not PascalCase (${ENUM_NAME})`);
      const values = spec.values ?? [];
      if (!values.length) throw new PluginDefinitionError(`${where}: the enum ${spec.name} has no values`);
      for (const value of values) {
        if (!ENUM_VALUE.test(value) || ['true', 'false', 'null'].includes(value)) throw new PluginDefinitionError(`${where}: "${value}" is not a GraphQL enum value`);
      }
      if (new Set(values).size !== values.length) throw new PluginDefinitionError(`${where}: the enum ${spec.name} repeats a value`);
      const key = JSON.stringify(values);
      if (seen.has(spec.name) && seen.get(spec.name) !== key) throw new PluginDefinitionError(`${where}: the enum ${spec.name} is declared with other values elsewhere in the plugin`);
      seen.set(spec.name, key);
    }
  }
}

/**
 * Declares a plugin: checks what can be checked without a platform (names, versions, ranges, the
 * shapes of its parts) and returns it frozen. Installing it (`platform.plugins.install`) wires it
 * in; see "Writing a plugin" in docs/architecture.md.
 */
export function definePlugin(spec: PluginSpec): Plugin {
  const name = spec.name;
  if (typeof name !== 'string' || !PLUGIN_NAME.test(name)) throw new PluginDefinitionError(`A plugin's name is lower-case letters, digits and "-", starting with a letter (at most 40); got "${String(name)}"`);
  if (!semver.valid(spec.version)) throw new PluginDefinitionError(`Plugin ${name}: version "${spec.version}" is not a semantic version`);
  for (const [other, range] of Object.entries(spec.requires ?? {})) {
    if (!PLUGIN_NAME.test(other)) throw new PluginDefinitionError(`Plugin ${name}: requires "${other}", which is not a plugin name`);
    if (other === name) throw new PluginDefinitionError(`Plugin ${name}: requires itself`);
    if (!semver.validRange(range)) throw new PluginDefinitionError(`Plugin ${name}: requires ${other} "${range}", which is not a semver range`);
  }
  unique(name, 'save hook', (spec.saveHooks ?? []).map((h) => h.name), ITEM_NAME);
  unique(name, 'job', (spec.jobs ?? []).map((j) => j.name), ITEM_NAME);
  unique(name, 'subscriber', (spec.subscribers ?? []).map((s) => s.name), ITEM_NAME);
  unique(name, 'migration', (spec.migrations ?? []).map((m) => m.id), ITEM_NAME);
  unique(name, 'query', (spec.queries ?? []).map((q) => q.name), QUERY_NAME);
  unique(name, 'mutation', (spec.mutations ?? []).map((q) => q.name), QUERY_NAME);
  checkEnums(name, [...(spec.queries ?? []), ...(spec.mutations ?? [])]);
  unique(name, 'route', (spec.routes ?? []).map((r) => `${r.method} ${r.path}`), /^(GET|POST|PUT|PATCH|DELETE|OPTIONS) \/[A-Za-z0-9_\-/:.]*$/);
  for (const command of spec.commands ?? []) {
    if (!COMMAND_NAME.test(command.name)) throw new PluginDefinitionError(`Plugin ${name}: command "${command.name}" is not a valid name (${COMMAND_NAME})`);
    if (!command.objects && !command.appliesTo) throw new PluginDefinitionError(`Plugin ${name}: command "${command.name}" names no objects (objects or appliesTo)`);
    if (command.permission && !['read', 'create', 'update', 'delete'].includes(command.permission)) throw new PluginDefinitionError(`Plugin ${name}: command "${command.name}" needs the object right "${String(command.permission)}" (read, create, update or delete)`);
    if (command.access && command.access !== 'read' && command.access !== 'write') throw new PluginDefinitionError(`Plugin ${name}: command "${command.name}" has access "${String(command.access)}" (read or write)`);
  }
  const commandKeys = (spec.commands ?? []).flatMap((c) => (c.objects ?? ['*']).map((o) => `${o}.${c.name}`));
  unique(name, 'command', commandKeys, /./);
  const pages = new Set((spec.studio?.pages ?? []).map((p) => p.path));
  unique(name, 'studio page', [...(spec.studio?.pages ?? []).map((p) => p.path)], /^[a-z0-9][a-z0-9-]{0,62}$/);
  for (const entry of spec.studio?.nav ?? []) {
    if (!pages.has(entry.page)) throw new PluginDefinitionError(`Plugin ${name}: the navigation entry "${entry.label.en}" opens the page "${entry.page}", which it does not declare`);
  }
  const queries = new Set((spec.queries ?? []).map((q) => q.name));
  for (const page of spec.studio?.pages ?? []) {
    for (const block of page.blocks) {
      if (block.type === 'query' && !queries.has(block.query)) throw new PluginDefinitionError(`Plugin ${name}: the page "${page.path}" shows the query "${block.query}", which it does not declare`);
    }
  }
  return Object.freeze({ ...spec, kind: 'tessera-plugin' as const });
}
