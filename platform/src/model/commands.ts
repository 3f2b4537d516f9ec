import type { CatalogScript } from '../metadata/catalog.ts';

/**
 * A command: a typed verb on one record of an object, beyond create/update/delete (`claim` a lead,
 * `convert` it). Plugins declare commands in code, scripts declare them as actions; both are
 * described the same way here, and every transport offers them the same way (GraphQL makes each a
 * mutation named by the inflector: `leadClaim(id, input)`; scripts call `ctx.commands`; the CLI and
 * workflows call them by name). Who runs one is its `provider`: `plugin:<name>` or `script:<name>`.
 */
export interface CommandModel {
  object: string;
  /** Its name on the object (`claim`): letters, digits and `_`, starting with a letter. */
  name: string;
  provider: string;
  label?: { en: string; zh?: string };
  description?: string;
  /** The JSON Schema of its input (absent: it takes none). */
  input?: Record<string, unknown>;
  /** The access the caller needs to the record: read it (default) or change it. */
  access: 'read' | 'write';
  /** The object right the caller needs (default: read for `read` access, update for `write`). */
  permission?: 'read' | 'create' | 'update' | 'delete';
  /** A capability the caller must hold as well (`importData`…), if any. */
  capability?: string;
}

export const COMMAND_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** Scripts' actions as commands (`script:<name>` runs them): the order of the scripts, then of their actions. */
export function scriptCommands(scripts: readonly CatalogScript[], objects: ReadonlySet<string> | Map<string, unknown>): CommandModel[] {
  const out: CommandModel[] = [];
  for (const script of scripts) {
    for (const [object, actions] of Object.entries(script.handlers.actions ?? {})) {
      if (!objects.has(object)) continue;
      for (const [name, spec] of Object.entries(actions)) {
        out.push({ object, name, provider: `script:${script.name}`, input: spec.input, access: 'read', description: `The ${name} action of the script ${script.name} on a ${object}.` });
      }
    }
  }
  return out;
}

/** A read a plugin offers beside the objects' (`/graphql` root field `<name>(input: JSON): JSON`). */
/** A typed argument of a plugin's root field: the arguments, as an object, are its input. */
export type QueryArg = ScalarArg | EnumArg;

interface ArgBase {
  required?: boolean;
  list?: boolean;
  description?: string;
}

export interface ScalarArg extends ArgBase {
  type: 'String' | 'ID' | 'Boolean' | 'Int' | 'Float' | 'DateTime' | 'JSON';
}

/**
 * An enum argument (`position: BEFORE | AFTER | PARALLEL`): its values are GraphQL names and arrive
 * as themselves (strings) in the input. The GraphQL type is named per plugin,
 * `<Plugin>_<name>` (`Approvals_ApproverPosition`, by pluginEnumName): generated names never hold
 * `_` (object and field names cannot), so no tenant's objects and no other plugin can clash with it.
 * Several arguments of a plugin may share one enum (same name, same values). A string literal
 * (`position: "BEFORE"`) is refused by GraphQL, as for any enum.
 */
export interface EnumArg extends ArgBase {
  type: 'Enum';
  /** PascalCase, unique within the plugin. */
  name: string;
  values: readonly string[];
}

/** The GraphQL name of a plugin's enum: `<Plugin>_<name>` (`approvals`, `ApproverPosition` → `Approvals_ApproverPosition`). */
export function pluginEnumName(provider: string, name: string): string {
  const plugin = provider.replace(/^plugin:/, '').split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
  return `${plugin}_${name}`;
}

export interface QueryModel {
  name: string;
  provider: string;
  description?: string;
  input?: Record<string, unknown>;
  /** Typed arguments (`workflowRuns(workflow: String, status: String)`) instead of one `input: JSON`. */
  args?: Record<string, QueryArg>;
  /** A root mutation (run in the request's write transaction) rather than a read. */
  operation?: 'query' | 'mutation';
}
