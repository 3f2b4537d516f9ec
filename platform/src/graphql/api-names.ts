import { PlatformError } from '../errors/index.ts';
import type { CommandModel, ObjectModel, SchemaModel } from '../model/index.ts';
import { inflect } from './inflection.ts';

/** What a root field of the GraphQL API stands for. */
export type RootMeaning =
  | { kind: 'one' | 'many' | 'aggregate'; object: string }
  | { kind: 'createOne' | 'createMany' | 'updateOne' | 'updateMany' | 'deleteOne' | 'deleteMany' | 'restoreOne' | 'upsertOne' | 'mergeOne'; object: string }
  | { kind: 'command'; object: string; command: CommandModel };

/** The names the GraphQL API gives a model (all from the inflector): object types, root queries and mutations. */
export interface ApiNames {
  /** The object type of each object, and back. */
  typeOf(object: string): string;
  byType: Map<string, ObjectModel>;
  queries: Map<string, RootMeaning>;
  mutations: Map<string, RootMeaning>;
}

const memo = new WeakMap<SchemaModel, ApiNames>();

/**
 * The GraphQL names of a model (memoized per model, i.e. per metadata version). Two objects whose
 * root fields would have one name fail loudly (CONFLICT, naming both); a script action whose
 * mutation name is taken is left out here and refused when the script is saved.
 */
export function apiNames(model: SchemaModel): ApiNames {
  let names = memo.get(model);
  if (names) return names;
  const types = new Map<string, string>();
  names = { typeOf: (object) => types.get(object) ?? inflect.type(object), byType: new Map(), queries: new Map(), mutations: new Map() };
  for (const object of model.objects.values()) {
    const name = object.name;
    types.set(name, inflect.type(name));
    names.byType.set(inflect.type(name), object);
    const taken = [inflect.one(name), inflect.many(name), inflect.aggregate(name)].find((k) => names!.queries.has(k));
    if (taken) throw new PlatformError('CONFLICT', `The objects ${names.queries.get(taken)!.object} and ${name} both claim the API name "${taken}"; rename one of them`);
    names.queries.set(inflect.one(name), { kind: 'one', object: name });
    names.queries.set(inflect.many(name), { kind: 'many', object: name });
    names.queries.set(inflect.aggregate(name), { kind: 'aggregate', object: name });
    const m = names.mutations;
    m.set(inflect.createOne(name), { kind: 'createOne', object: name });
    m.set(inflect.createMany(name), { kind: 'createMany', object: name });
    m.set(inflect.updateOne(name), { kind: 'updateOne', object: name });
    m.set(inflect.updateMany(name), { kind: 'updateMany', object: name });
    m.set(inflect.deleteOne(name), { kind: 'deleteOne', object: name });
    m.set(inflect.deleteMany(name), { kind: 'deleteMany', object: name });
    m.set(inflect.restoreOne(name), { kind: 'restoreOne', object: name });
    m.set(inflect.upsertOne(name), { kind: 'upsertOne', object: name });
    m.set(inflect.mergeOne(name), { kind: 'mergeOne', object: name });
  }
  // Commands (scripts' actions, plugins' commands): one mutation each, named by the inflector. A
  // script's clash is refused when it is saved; a plugin's command whose name is taken is left out.
  for (const command of model.commands) {
    if (!model.objects.has(command.object)) continue;
    const key = inflect.action(command.object, command.name);
    if (!names.mutations.has(key)) names.mutations.set(key, { kind: 'command', object: command.object, command });
  }
  memo.set(model, names);
  return names;
}

/**
 * The problems of a script's actions as GraphQL mutations (a name another mutation has, an invalid
 * action name, an unknown object), given the model without the script: checked when it is saved.
 */
export function actionNameProblems(others: SchemaModel, handlers: { actions?: Record<string, Record<string, unknown>>; triggers?: Record<string, unknown> }): string[] {
  const names = apiNames(others);
  const problems: string[] = [];
  for (const [object, actions] of Object.entries(handlers.actions ?? {})) {
    if (!others.objects.has(object)) { problems.push(`actions.${object}: there is no object ${object}`); continue; }
    for (const action of Object.keys(actions)) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(action)) { problems.push(`actions.${object}.${action}: not a valid action name`); continue; }
      const taken = names.mutations.get(inflect.action(object, action));
      if (taken) problems.push(`actions.${object}.${action}: the mutation ${inflect.action(object, action)} is already ${taken.kind === 'command' ? providerName(taken.command) : 'generated for the API'}`);
    }
  }
  for (const object of Object.keys(handlers.triggers ?? {})) if (!others.objects.has(object)) problems.push(`triggers.${object}: there is no object ${object}`);
  return problems;
}

/** Who provides a command, as messages say it: `the action of the script x`, `the command of the plugin y`. */
export function providerName(command: CommandModel): string {
  const [source, name] = command.provider.split(/:(.*)/s);
  return source === 'script' ? `the action of the script ${name}` : `the command ${command.name} of the plugin ${name}`;
}
