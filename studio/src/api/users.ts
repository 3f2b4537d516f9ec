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
