import { Jimp } from 'jimp';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, ok, type Client } from '../support/server.ts';

export { ok, type Client } from '../support/server.ts';

export interface FilesTenant {
  id: string;
  schema: string;
  key: string;
  api: Client;
  md: Client;
  /** A non-administrator with a role made of `role`; their key and a client. */
  user(role: Record<string, unknown>): Promise<{ id: string; key: string; api: Client }>;
}

export async function filesTenant(server: RunningServer, objects: unknown[]): Promise<FilesTenant> {
  const created = await newTenant(server, 'files');
  const md = metadataClient(server, created.apiKey);
  ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { version } }`, { d: { objects } }));
  let n = 0;
  return {
    id: created.tenant.id, schema: created.tenant.schema, key: created.apiKey, md,
    api: (q, v) => gql(server, '/graphql', created.apiKey, q, v),
    async user(role) {
      const name = `r${++n}${Date.now() % 100000}`;
      ok(await md(`mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name, ...role } }));
      const id = ok(await md(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `${name}@files.test`, name, role: name } })).createUser.id;
      const key = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: id })).createApiKey.key;
      return { id, key, api: (q, v) => gql(server, '/graphql', key, q, v) };
    },
  };
}

/** POST /files?object&field as the holder of `key`, one multipart part `file`. */
export async function uploadFile(server: RunningServer, key: string, target: { object: string; field: string }, bytes: Uint8Array, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${server.url}/files?object=${target.object}&field=${target.field}`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

export async function download(server: RunningServer, key: string, path: string) {
  const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

export async function png(width: number, height: number): Promise<Buffer> {
  return new Jimp({ width, height, color: 0x3366ccff }).getBuffer('image/png');
}

export async function jpeg(width: number, height: number): Promise<Buffer> {
  return new Jimp({ width, height, color: 0xcc6633ff }).getBuffer('image/jpeg');
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
export const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
