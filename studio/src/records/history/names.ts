import { dataApi } from '../../api/graphql.ts';
import type { ObjectMeta } from '../../api/metadata.ts';
import { nameField, recordTitle } from '../data/labels.ts';
import type { HistoryNames } from './format.ts';

/** Ids per query of the directory and per target object (the data API's page and `in` limit). */
const BATCH = 100;

/**
 * The ONE request that names every id a history holds: the users (the directory, deactivated users
 * included) and, per target object the user may read, its records' names — aliases of one document.
 * Records the user cannot see (or deleted since) stay unnamed: the history says so without their id.
 */
export function namesDocument(refs: { records: Map<string, Set<string>>; users: Set<string> }, objects: ObjectMeta[]) {
  const params: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const targets: { alias: string; object: ObjectMeta }[] = [];
  if (refs.users.size) {
    params.push('$u: [ID!]');
    fields.push('users(ids: $u) { id name }');
    variables.u = [...refs.users].slice(0, BATCH);
  }
  for (const [target, ids] of refs.records) {
    const object = objects.find((o) => o.name === target);
    if (!object?.access.read) continue;
    const alias = `r${targets.length}`;
    const name = nameField(object);
    params.push(`$${alias}: [ID!]`);
    fields.push(`${alias}: ${object.api.many}(filter: {id: {in: $${alias}}}, first: ${BATCH}) { nodes { id${name ? ` ${name.name}` : ''} } }`);
    variables[alias] = [...ids].slice(0, BATCH);
    targets.push({ alias, object });
  }
  if (fields.length === 0) return null;
  return { query: `query(${params.join(', ')}) { ${fields.join(' ')} }`, variables, targets };
}

/** Runs `namesDocument` and returns the names it found. */
export async function resolveNames(refs: { records: Map<string, Set<string>>; users: Set<string> }, objects: ObjectMeta[]): Promise<HistoryNames> {
  const records = new Map<string, string>();
  const users = new Map<string, string>();
  const doc = namesDocument(refs, objects);
  if (!doc) return { records, users };
  const data = await dataApi<Record<string, any>>(doc.query, doc.variables);
  for (const u of (data.users ?? []) as { id: string; name: string }[]) users.set(u.id, u.name);
  for (const { alias, object } of doc.targets) {
    for (const node of data[alias].nodes as Record<string, unknown>[]) records.set(`${object.name}:${String(node.id)}`, recordTitle(object, node));
  }
  return { records, users };
}
