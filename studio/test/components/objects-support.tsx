import fs from 'node:fs';
import path from 'node:path';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { createI18n } from '../../src/i18n/index.ts';

const TYPES_DIR = path.resolve(import.meta.dirname, '../../../platform/src/field-types');
const enumName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** The platform's field types as `fieldTypes` answers them, read from their real schema files. */
export const FIELD_TYPES = fs.readdirSync(TYPES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(TYPES_DIR, d.name, `${d.name}.schema.json`)))
  .map((d) => ({ type: enumName(d.name), label: `${d.name} type`, widget: d.name, schema: JSON.parse(fs.readFileSync(path.join(TYPES_DIR, d.name, `${d.name}.schema.json`), 'utf8')) }));

export interface Call { query: string; variables: Record<string, any> }

/**
 * Stubs fetch for /metadata: `fieldTypes` and `objects` answer from fixtures; a mutation answers
 * with `mutation(call)` (data or GraphQL errors). Returns the calls made.
 */
export function stubMetadata(options: { objects?: unknown[]; mutation?: (call: Call) => { data?: unknown; errors?: unknown[] } }): Call[] {
  const calls: Call[] = [];
  globalThis.fetch = (async (_url: string, init: RequestInit) => {
    const call = JSON.parse(String(init.body)) as Call;
    calls.push(call);
    let body: unknown;
    if (call.query.includes('fieldTypes')) body = { data: { fieldTypes: FIELD_TYPES } };
    else if (call.query.trim().startsWith('mutation')) body = options.mutation?.(call) ?? { data: {} };
    else if (call.query.includes('objects')) body = { data: { objects: options.objects ?? [] } };
    else body = { data: {} };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return calls;
}

export function renderWith(ui: ReactNode, language: 'en' | 'zh-CN' = 'en') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <QueryClientProvider client={client}>
        <MemoryRouter>{ui}</MemoryRouter>
      </QueryClientProvider>
    </I18nextProvider>,
  );
}

/** A minimal object as `objects` returns it. */
export function objectMeta(name: string, fields: { name: string; type: string; label: string }[] = [], extra: Record<string, unknown> = {}) {
  return {
    name, label: name[0].toUpperCase() + name.slice(1), labels: { en: name }, pluralLabel: `${name}s`, description: null, sharing: 'PUBLIC_READ_WRITE',
    layout: null, listColumns: null, api: {},
    fields: fields.map((f) => ({
      ...f, labels: { en: f.label }, description: null, helpText: null, required: false, unique: false, defaultValue: null, options: null, target: null,
      precision: null, scale: null, maxLength: null, currencyCode: null, widget: '', operators: [], valueSchema: {}, capabilities: {}, definition: { name: f.name, label: { en: f.label } },
    })),
    ...extra,
  };
}
