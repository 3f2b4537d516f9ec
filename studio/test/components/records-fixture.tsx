import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { fieldType } from '../../../platform/src/field-types/registry.ts';
import { inflect } from '../../../platform/src/graphql/inflection.ts';
import type { FieldMeta, ObjectMeta } from '../../src/api/metadata.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { DesignProvider } from '../../src/ui/design/DesignProvider.tsx';

/**
 * Objects as `/metadata` describes them, built with the platform's own field types (value schemas,
 * operators, widgets, capabilities), so the studio is tested against what the server publishes.
 */
export function fieldMeta(def: Partial<FieldMeta> & { name: string; type: string; label: string }): FieldMeta {
  const type = fieldType(def.type);
  const base = { required: false, maxLength: null, precision: null, scale: null, currencyCode: null, options: null, target: null, ...def };
  const resolved: any = type.resolve ? type.resolve({ ...base, options: base.options ?? undefined, target: base.target ?? undefined } as never) : base;
  return {
    labels: { en: def.label }, description: null, helpText: null, unique: false, defaultValue: null,
    ...base,
    maxLength: resolved.maxLength ?? base.maxLength, precision: resolved.precision ?? null, scale: resolved.scale ?? null,
    currencyCode: resolved.currencyCode ?? base.currencyCode,
    widget: type.widget, operators: [...type.operators], valueSchema: type.valueSchema(resolved),
    capabilities: { ...type.capabilities, aggregates: [...type.capabilities.aggregates] }, definition: resolved,
  } as FieldMeta;
}

const API_NAMES = ['type', 'one', 'many', 'connection', 'filter', 'orderBy', 'aggregate', 'createInput', 'updateInput', 'createOne', 'createMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'restoreOne', 'upsertOne', 'mergeOne'] as const;

export function objectMeta(name: string, label: string, fields: FieldMeta[], extra: Partial<ObjectMeta> = {}): ObjectMeta {
  return {
    name, label, labels: { en: label }, pluralLabel: `${label}s`, pluralLabels: { en: `${label}s` }, actions: [], access: { read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true },  description: null, sharing: 'PUBLIC_READ_WRITE', fields, layout: null, listColumns: null,
    api: Object.fromEntries(API_NAMES.map((n) => [n, inflect[n](name)])) as unknown as ObjectMeta['api'],
    ...extra,
  };
}

export const account = objectMeta('account', 'Account', [fieldMeta({ name: 'name', type: 'text', label: 'Account name', required: true })]);

/** One field of each of the first 21 types, on a `deal` (the ten of issue 13 are on form-fields-more.test.tsx's `kit`). */
export const ALL_TYPES: FieldMeta[] = [
  fieldMeta({ name: 'name', type: 'text', label: 'Name', required: true }),
  fieldMeta({ name: 'notes', type: 'longText', label: 'Notes' }),
  fieldMeta({ name: 'pitch', type: 'richText', label: 'Pitch' }),
  fieldMeta({ name: 'seats', type: 'integer', label: 'Seats' }),
  fieldMeta({ name: 'weight', type: 'number', label: 'Weight', precision: 10, scale: 2 }),
  fieldMeta({ name: 'value', type: 'currency', label: 'Deal value', currencyCode: 'USD' }),
  fieldMeta({ name: 'chance', type: 'percent', label: 'Chance' }),
  fieldMeta({ name: 'won', type: 'boolean', label: 'Won' }),
  fieldMeta({ name: 'closeOn', type: 'date', label: 'Close date' }),
  fieldMeta({ name: 'nextCall', type: 'dateTime', label: 'Next call' }),
  fieldMeta({ name: 'email', type: 'email', label: 'Email' }),
  fieldMeta({ name: 'phone', type: 'phone', label: 'Phone' }),
  fieldMeta({ name: 'website', type: 'url', label: 'Website' }),
  fieldMeta({ name: 'stage', type: 'select', label: 'Stage', options: [{ value: 'open', label: 'Open', color: null }, { value: 'won', label: 'Closed won', color: null }] }),
  fieldMeta({ name: 'tags', type: 'multiSelect', label: 'Tags', options: [{ value: 'hot', label: 'Hot', color: null }, { value: 'vip', label: 'VIP', color: null }] }),
  fieldMeta({ name: 'extra', type: 'json', label: 'Extra' }),
  fieldMeta({ name: 'extId', type: 'uuid', label: 'External id' }),
  fieldMeta({ name: 'place', type: 'geolocation', label: 'Place' }),
  fieldMeta({ name: 'account', type: 'lookup', label: 'Account', target: 'account' }),
  fieldMeta({ name: 'parent', type: 'masterDetail', label: 'Parent account', target: 'account' }),
  fieldMeta({ name: 'manager', type: 'user', label: 'Manager' }),
];

export const deal = objectMeta('deal', 'Deal', ALL_TYPES);

export interface Call { query: string; variables: Record<string, any> | undefined; url: string }
type Handler = (call: Call) => unknown;

/**
 * Stubs `fetch` (component tests only): `/metadata` objects answer from `objects`; everything else goes
 * to `handler`, which returns the GraphQL body (`{data}` or `{errors}`). Every call is recorded.
 */
export function stubApi(objects: ObjectMeta[], handler: Handler = () => ({ data: {} })): Call[] {
  const calls: Call[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    const call = { query: body.query as string, variables: body.variables, url: String(url) };
    calls.push(call);
    // As /metadata answers: field types as GraphQL enum values (MULTI_SELECT).
    const published = objects.map((o) => ({ ...o, fields: o.fields.map((f) => ({ ...f, type: f.type.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase() })) }));
    const answer = /^\{\s*objects\s*\{/.test(call.query) ? { data: { objects: published } } : handler(call);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return calls;
}

export function renderWith(ui: ReactNode, { language = 'en', path = '/' }: { language?: 'en' | 'zh-CN'; path?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <DesignProvider>
        <QueryClientProvider client={client}>
          <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
        </QueryClientProvider>
      </DesignProvider>
    </I18nextProvider>,
  );
}


export { chooseOption, optionOf, optionsOf, shownValue, typeDate } from './antd-steps.ts';
