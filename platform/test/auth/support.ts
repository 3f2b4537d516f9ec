import type { RunningServer } from '../../src/server/start.ts';
import type { GraphQLResponse } from '../support/server.ts';

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function post<T = any>(server: RunningServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

export async function login(server: RunningServer, email: string, password: string, tenant?: string): Promise<HttpAnswer> {
  return post(server, '/auth/login', { email, password, ...(tenant ? { tenant } : {}) });
}

/** The `tessera_session=<token>` pair of a login answer, to send back as the Cookie header. */
export function cookieOf(answer: HttpAnswer): string {
  const setCookie = answer.headers.get('set-cookie') ?? '';
  const pair = /tessera_session=[^;]*/.exec(setCookie)?.[0];
  if (!pair) throw new Error(`no session cookie in ${setCookie}`);
  return pair;
}

/** A signed-in studio browser: sends the cookie, and the CSRF token unless told not to. */
export async function studio(server: RunningServer, email: string, password: string, tenant?: string) {
  const answer = await login(server, email, password, tenant);
  if (answer.status !== 200) throw new Error(`login failed: ${JSON.stringify(answer.body)}`);
  const cookie = cookieOf(answer);
  const csrfToken = answer.body.csrfToken as string;
  const gql = async <T = any>(path: string, query: string, variables?: Record<string, unknown>, options: { csrf?: boolean } = {}): Promise<GraphQLResponse<T>> => {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...(options.csrf === false ? {} : { 'x-csrf-token': csrfToken }) },
      body: JSON.stringify({ query, variables }),
    });
    return { ...((await res.json()) as GraphQLResponse<T>), status: res.status };
  };
  return { answer, cookie, csrfToken, gql };
}
