import { dataApi } from './graphql.ts';

/** A user of the tenant as the directory shows them (`users` on /graphql, for every signed-in user). */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
}

/** Active users whose name or e-mail contains `text` (all when empty), by name; at most `first`. */
export async function findUsers(text: string, first = 20): Promise<DirectoryUser[]> {
  return (await dataApi<{ users: DirectoryUser[] }>('query($s: String, $n: Int) { users(search: $s, first: $n) { id name email } }', { s: text, n: first })).users;
}

/** The users with these ids (deactivated ones included): names for ids a form already holds. */
export async function usersByIds(ids: string[]): Promise<DirectoryUser[]> {
  if (ids.length === 0) return [];
  return (await dataApi<{ users: DirectoryUser[] }>('query($ids: [ID!], $n: Int) { users(ids: $ids, first: $n) { id name email } }', { ids, n: ids.length })).users;
}
