import { expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTenant, readConfig, startServer, type RunningServer } from '@tessera/platform';
import { inject } from 'vitest';
import { createImportsPlugin, type ImportsOptions } from '../../src/imports/index.ts';

/** Accounts (name and code unique) and contacts (email unique, a lookup to account), labelled in English and Chinese. */
export const DOCUMENT = {
  objects: [
    { name: 'account', label: { en: 'Account', zh: '客户' }, fields: [
      { name: 'name', type: 'text', required: true, unique: true, label: { en: 'Name', zh: '名称' } },
      { name: 'code', type: 'text', unique: true, label: { en: 'Code', zh: '编号' } },
    ] },
    { name: 'contact', label: { en: 'Contact', zh: '联系人' }, fields: [
      { name: 'name', type: 'text', required: true, label: { en: 'Full name', zh: '姓名' } },
      { name: 'email', type: 'email', unique: true, label: { en: 'E-mail', zh: '邮箱' } },
      { name: 'age', type: 'integer', label: { en: 'Age', zh: '年龄' } },
      { name: 'vip', type: 'boolean', label: { en: 'VIP', zh: '贵宾' } },
      { name: 'account', type: 'lookup', target: 'account', label: { en: 'Account', zh: '客户' } },
    ] },
  ],
};

export async function startImportServer(options: ImportsOptions = {}): Promise<RunningServer> {
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0, databaseUrl: inject('databaseUrl' as never) as string };
  return startServer(config, { demoTenant: false, plugins: [createImportsPlugin({ batchSize: 500, ...options })] });
}

export interface ImportTenant {
  id: string;
  apiKey: string;
  api: (query: string, variables?: Record<string, unknown>, key?: string) => Promise<any>;
  meta: (query: string, variables?: Record<string, unknown>) => Promise<any>;
  upload: (object: string, file: Buffer | string, options?: { name?: string; type?: string; mapping?: unknown; match?: string; key?: string }) => Promise<{ status: number; body: any }>;
  wait: (job: string, key?: string) => Promise<any>;
  get: (path: string, key?: string) => Promise<Response>;
  sql: (text: string, params?: unknown[]) => Promise<any[]>;
}

export async function importTenant(server: RunningServer, document: unknown = DOCUMENT): Promise<ImportTenant> {
  const t = await createTenant(server.platform.orm, { slug: `imp-${randomBytes(5).toString('hex')}`, adminPassword: 'correct horse battery' });
  const post = async (path: string, key: string, query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
    return res.json() as Promise<any>;
  };
  const meta = (q: string, v?: Record<string, unknown>) => post('/metadata', t.apiKey, q, v);
  const applied = await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: document });
  expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
  const api = (q: string, v?: Record<string, unknown>, key = t.apiKey) => post('/graphql', key, q, v);
  return {
    id: t.tenant.id, apiKey: t.apiKey, api, meta,
    async upload(object, file, options = {}) {
      const form = new FormData();
      if (options.mapping !== undefined) form.set('mapping', typeof options.mapping === 'string' ? options.mapping : JSON.stringify(options.mapping));
      if (options.match) form.set('match', options.match);
      form.set('file', new Blob([file], { type: options.type ?? 'text/csv' }), options.name ?? 'people.csv');
      const res = await fetch(`${server.url}/import/${object}`, { method: 'POST', headers: { authorization: `Bearer ${options.key ?? t.apiKey}` }, body: form });
      return { status: res.status, body: await res.json() };
    },
    async wait(job, key = t.apiKey) {
      const end = Date.now() + 60_000;
      for (;;) {
        const res = await api('query($id: ID!) { importJob(id: $id) }', { id: job }, key);
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
        const status = res.data.importJob;
        if (status.status === 'done' || status.status === 'failed') return status;
        if (Date.now() > end) throw new Error(`import ${job} still ${status.status}: ${JSON.stringify(status)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    get: (path, key = t.apiKey) => fetch(server.url + path, { headers: { authorization: `Bearer ${key}` } }),
    sql: async (text, params = []) => (await server.platform.pool.query(text, params)).rows,
  };
}
