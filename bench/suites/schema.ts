import { buildASTSchema, parse, printSchema } from 'graphql';
import type { Actor } from '@tessera/platform';
import { loadCatalog } from '../../platform/src/metadata/index.ts';
import { buildModel } from '../../platform/src/model/model.ts';
import { buildDataSchema } from '../../platform/src/graphql/data-api/build-schema.ts';
import { cachedDocument } from '../../platform/src/graphql/data-api/documents.ts';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';
import { tenantApi } from '../../platform/src/graphql/data-api/schema-cache.ts';

const actor: Actor = { userId: null, via: 'system' };

/** 30 fields of every kind, 3 of them lookups (to the previous object, to object0, to one further back): a CRM-like mix. */
function fields(o: number) {
  return Array.from({ length: 30 }, (_, j) => {
    const kinds = [
      { type: 'text' }, { type: 'number', precision: 14, scale: 2 }, { type: 'date' }, { type: 'email' },
      { type: 'select', options: [{ value: 'NEW' }, { value: 'OPEN' }, { value: 'DONE' }] }, { type: 'boolean' },
      { type: 'currency', currencyCode: 'CNY' }, { type: 'dateTime' }, { type: 'integer' }, { type: 'phone' },
    ];
    const lookups: Record<number, number> = { 9: o - 1, 19: 0, 29: Math.floor(o / 2) };
    if (lookups[j] !== undefined && o > 0 && lookups[j] < o) return { name: `field${j}`, type: 'lookup', target: `object${lookups[j]}`, relationName: `children${o}x${j}` };
    return { name: `field${j}`, ...kinds[j % kinds.length] };
  });
}

/**
 * Issue 3's schema goal: a metadata change → the next request sees the new schema, for a tenant of
 * 200 objects × 30 fields. Compares a full Pothos build with rebuilding from printed SDL (assumeValid).
 */
export async function schemaSuite(ctx: BenchContext): Promise<void> {
  console.log(`\n## Schema build for 200 objects × 30 fields (issue 3)\n`);
  const tenant = await ctx.newTenant('bench-schema');
  await ctx.platform.metadata.applyMetadata(tenant.id, actor, { objects: Array.from({ length: 200 }, (_, o) => ({ name: `object${o}`, fields: fields(o) })) });
  const catalog = await loadCatalog(ctx.platform.sql, tenant.id);
  const pothos: number[] = [];
  const sdl: number[] = [];
  const load: number[] = [];
  let printed = '';
  for (let i = 0; i < 5; i++) {
    load.push((await time(async () => loadCatalog(ctx.platform.sql, tenant.id))).ms);
    const built = await time(async () => buildDataSchema(buildModel(catalog)));
    pothos.push(built.ms);
    printed = printSchema(built.result);
    sdl.push((await time(async () => buildASTSchema(parse(printed), { assumeValid: true, assumeValidSDL: true }))).ms);
  }
  const model: number[] = [];
  for (let i = 0; i < 5; i++) model.push((await time(async () => buildModel(catalog))).ms);
  // What the next request pays after a change: the new model, then the schema of the part of the API
  // its document touches (here two related objects), validated.
  const live: number[] = [];
  const query = '{ object8List(filter: {field0: {eq: "x"}}, first: 5) { edges { node { id field0 field9 { id field0 } } } } }';
  for (let i = 0; i < 5; i++) {
    const change = await time(() => ctx.platform.metadata.createField(tenant.id, actor, 'object8', { name: `added${i}`, type: 'text' }));
    const next = await time(async () => {
      const api = tenantApi(await ctx.platform.schemas.get(tenant.id));
      const doc = cachedDocument(api, query);
      if (doc.errors.length) throw new Error(doc.errors[0].message);
      return api;
    });
    live.push(next.ms);
  }
  table([
    { what: 'load the catalog (2 queries)', time: fmt(median(load)) },
    { what: 'full Pothos build (model + schema; introspection only)', time: fmt(median(pothos)) },
    { what: 'buildASTSchema from cached printed SDL, assumeValid', time: fmt(median(sdl)) },
    { what: 'build the schema model (names, relations) after a change', time: fmt(median(model)) },
    { what: 'metadata change → the next request\'s document validated on the new schema (lazy, scoped)', time: fmt(median(live)), goal: '< 50 ms' },
  ].map((r) => ({ goal: '', ...r })));
  console.log(`schema: ${printed.length.toLocaleString('en')} characters of SDL, ${Object.keys(buildASTSchema(parse(printed), { assumeValid: true }).getTypeMap()).length} types`);
}
