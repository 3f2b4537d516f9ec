import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { createI18n } from '../../src/i18n/index.ts';
import { DesignProvider } from '../../src/ui/design/DesignProvider.tsx';

import { FIELD_TYPES as PLATFORM_TYPES, toEnumName } from '../../../platform/src/field-types/registry.ts';

/** The platform's field types as `fieldTypes` answers them: taken from the platform's own registry. */
export const FIELD_TYPES: { type: string; label: string; widget: string; capabilities: object; schema: Record<string, unknown> }[] = PLATFORM_TYPES.map((t) => ({ type: toEnumName(t.name), label: t.label.en, widget: t.widget, capabilities: t.capabilities, schema: t.propertiesSchema }));

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
      <DesignProvider>
        <QueryClientProvider client={client}>
          <MemoryRouter>{ui}</MemoryRouter>
        </QueryClientProvider>
      </DesignProvider>
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
