import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { create, created, dupTenant, ok, refused, type DupTenant } from './support.ts';

/**
 * `duplicateRules`, a metadata kind: items of applyMetadata documents validated by their published
 * JSON Schema and checked against the objects, pulled back normalized, recorded in the history;
 * the indexes their matches read kept by the engine's DDL in the change's transaction; renames of
 * the object or a matched field followed, deletion of a matched field refused (dependants).
 */
let server: RunningServer;
let t: DupTenant;

const LEAD = {
  name: 'lead',
  fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone' }, { name: 'email', type: 'email' }, { name: 'nick', type: 'text' }, { name: 'note', type: 'json' }, { name: 'age', type: 'integer' }],
};
const RULE = { name: 'leadPhone', object: 'lead', action: 'WARN', match: { or: [{ field: 'phone', match: 'normalized', countryCode: '86' }, { field: 'nick', match: 'fuzzy' }] } };

const indexes = async () => (await t.sql(
  `select c.relname as name, pg_get_indexdef(c.oid) as def from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class r on r.oid = i.indrelid
   where r.relnamespace = to_regnamespace($1) and r.relname = 'lead' and (c.relname like 'dp\\_%' or c.relname like 'sr\\_%') order by 1`, [t.schema])) as { name: string; def: string }[];

beforeAll(async () => {
  server = await startTestServer();
  t = await dupTenant(server, [LEAD]);
});
afterAll(async () => { await server?.close(); });

describe('documents', () => {
  it('publishes the schema of a rule and of the document key', async () => {
    const res = await fetch(`${server.url}/metadata/schema`, { headers: { authorization: `Bearer ${t.key}` } });
    const body = JSON.stringify(await res.json());
    expect(body).toContain('tessera:duplicateRule');
    expect(body).toContain('"duplicateRules"');
  });

  it('applies a rule, pulls it back with its defaults, and records it in the history', async () => {
    ok(await t.apply({ duplicateRules: [RULE] }));
    const pulled = ok(await t.md(`{ document }`)).document;
    expect(pulled.duplicateRules).toEqual([{
      name: 'leadPhone', object: 'lead', label: { en: 'Lead phone' }, action: 'WARN', active: true,
      match: { or: [{ field: 'phone', match: 'normalized', countryCode: '86' }, { field: 'nick', match: 'fuzzy', threshold: 0.6 }] },
    }]);
    const history = ok(await t.md(`{ metadataHistory(first: 5) { edges { node { kind action target } } } }`)).metadataHistory.edges.map((e: any) => e.node);
    expect(history).toContainEqual({ kind: 'duplicateRule', action: 'createDuplicateRule', target: 'leadPhone' });
    // The same document again is no change.
    const again = ok(await t.apply({ duplicateRules: [RULE] })).applyMetadata.changes;
    expect(again.filter((c: any) => c.target === 'leadPhone')).toEqual([]);
  });

  it('refuses malformed rules with pointers into the document', async () => {
    const cases: [unknown, string][] = [
      [{ ...RULE, action: 'MAYBE' }, '/duplicateRules/0/action'],
      [{ ...RULE, match: { field: 'nick', match: 'fuzzy', threshold: 1.5 } }, '/duplicateRules/0/match'],
      [{ ...RULE, match: { and: [] } }, '/duplicateRules/0/match'],
      [{ ...RULE, object: 'nothing' }, '/duplicateRules/0/object'],
      [{ ...RULE, match: { and: [{ field: 'phone', match: 'exact' }, { field: 'missing', match: 'exact' }] } }, '/duplicateRules/0/match/and/1/field'],
      [{ ...RULE, match: { field: 'age', match: 'fuzzy' } }, '/duplicateRules/0/match/field'],
      [{ ...RULE, match: { field: 'note', match: 'exact' } }, '/duplicateRules/0/match/field'],
      [{ ...RULE, match: { field: 'email', match: 'normalized', countryCode: '86' } }, '/duplicateRules/0/match/field'],
    ];
    for (const [rule, pointer] of cases) {
      const error = refused(await t.apply({ duplicateRules: [rule] }));
      expect(error.extensions.code, JSON.stringify(rule)).toBe('VALIDATION_FAILED');
      expect(error.extensions.errors.map((e: any) => e.pointer).some((p: string) => p.startsWith(pointer)), `${JSON.stringify(error.extensions.errors)} at ${pointer}`).toBe(true);
    }
  });

});

describe('indexes', () => {
  it('builds a btree over each normalized key and a trigram index for a fuzzy field, in the change', async () => {
    const found = await indexes();
    const phone = found.find((i) => i.name.endsWith('_p86'));
    expect(phone?.def).toMatch(/regexp_replace/);
    expect(phone?.def).toMatch(/WHERE \("deletedAt" IS NULL\)/);
    const nick = found.find((i) => i.name.startsWith('dp_') && i.name.endsWith('_g'));
    expect(nick?.def).toMatch(/USING gin \((tessera\.)?duplicate_key\(nick\)/);
  });

  it('a fuzzy match on a searched field has its own key and index beside global search\'s', async () => {
    const applied = ok(await t.apply({ duplicateRules: [{ name: 'leadName', object: 'lead', match: { field: 'name', match: 'fuzzy' } }] })).applyMetadata;
    const found = await indexes();
    expect(found.filter((i) => /\(name\)/.test(i.def)).map((i) => i.name.slice(0, 3)).sort()).toEqual(['dp_', 'sr_']);
    // The plan names the DDL the rule ran.
    expect(applied.changes.find((c: any) => c.target === 'leadName').statements).toEqual([expect.stringMatching(/^CREATE INDEX "dp_\w+_g" ON .* USING gin \(\(tessera\.duplicate_key\("name"\)\)/)]);
  });

  it('the query plan of a check reads the indexes', async () => {
    await t.sql(`insert into "${t.schema}"."lead" (name, phone, nick) select 'n' || g, '139' || lpad(g::text, 8, '0'), 'nick' || g from generate_series(1, 3000) g`);
    await t.sql(`analyze "${t.schema}"."lead"`);
    const plan = (await t.sql(`explain select id from "${t.schema}"."lead" t where t."deletedAt" is null and nullif(regexp_replace(regexp_replace(t."phone", '^\\s*(\\+|00)\\s*86', ''), '[^0-9]', '', 'g'), '') = '13900000001'`)).map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/dp_\w+_p86/);
  });

  it('an alternative of two keyed matches has one index over both keys, not one per key (which the planner probed by the least selective)', async () => {
    const applied = ok(await t.apply({ duplicateRules: [{ name: 'sameNickPhone', object: 'lead', match: { and: [{ field: 'nick', match: 'normalized' }, { field: 'phone', match: 'exact' }] } }] })).applyMetadata;
    const statements = applied.changes.find((c: any) => c.target === 'sameNickPhone').statements;
    expect(statements).toEqual([expect.stringMatching(/^CREATE INDEX "dp_k[0-9a-f]{20}" ON .* \(\(nullif\(lower\(.*"nick".*\)\), \(nullif\("phone", ''\)\)\) WHERE "deletedAt" IS NULL$/)]);
    // A candidate's check reads it: one probe per candidate, however many records share the phone.
    await t.sql(`insert into "${t.schema}"."lead" (name, phone, nick) select 'm' || g, '13900000000', 'mate' || g from generate_series(1, 3000) g`);
    const plan = (await t.sql(`explain select id from "${t.schema}"."lead" t where t."deletedAt" is null and nullif(lower(regexp_replace(regexp_replace(t."nick", '\\s+', ' ', 'g'), '^ | $', '', 'g')), '') = 'mate7' and nullif(t."phone", '') = '13900000000'`)).map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/dp_k[0-9a-f]{20}/);
    ok(await t.md(`mutation { deleteDuplicateRule(name: "sameNickPhone") }`));
    expect((await indexes()).some((i) => i.name.startsWith('dp_k'))).toBe(false);
    await t.sql(`delete from "${t.schema}"."lead" where name like 'm%'`);
  });

  it('drops the indexes only a deleted rule read', async () => {
    const dp = async () => (await indexes()).filter((i) => i.name.startsWith('dp_')).map((i) => i.name.slice(-2)).sort();
    expect(await dp()).toEqual(['86', '_g', '_g']);
    ok(await t.md(`mutation { deleteDuplicateRule(name: "leadName") }`));
    expect(await dp()).toEqual(['86', '_g']);
    ok(await t.md(`mutation { deleteDuplicateRule(name: "leadPhone") }`));
    expect(await dp()).toEqual([]);
    expect(refused(await t.md(`mutation { deleteDuplicateRule(name: "leadPhone") }`)).extensions.code).toBe('NOT_FOUND');
    ok(await t.apply({ duplicateRules: [RULE, { name: 'leadName', object: 'lead', match: { field: 'name', match: 'fuzzy' } }] }));
    await t.sql(`delete from "${t.schema}"."lead"`);
  });
});

describe('dependants', () => {
  it('follows a renamed field: the rule, its index and its enforcement', async () => {
    const before = (await indexes()).find((i) => i.name.endsWith('_p86'))!.name;
    ok(await t.md(`mutation { updateField(object: "lead", name: "phone", input: { name: "mobile" }) { name } }`));
    const rules = ok(await t.md(`{ duplicateRules(object: "lead") }`)).duplicateRules;
    expect(rules.find((r: any) => r.name === 'leadPhone').match.or[0]).toEqual({ field: 'mobile', match: 'normalized', countryCode: '86' });
    expect((await indexes()).find((i) => i.name.endsWith('_p86'))!.name).toBe(before);
    await created(t.api, 'lead', { name: 'A', mobile: '13800138000' });
    expect(refused(await create(t.api, 'lead', { name: 'B', mobile: '+86 138 0013 8000' })).extensions.duplicates[0].fields).toEqual(['mobile']);
  });

  it('refuses deleting a matched field, naming the rule', async () => {
    const error = refused(await t.md(`mutation { deleteField(object: "lead", name: "mobile") { name } }`));
    expect(error.extensions.code).toBe('CONFLICT');
    expect(error.extensions.dependants).toContainEqual({ kind: 'duplicateRule', name: 'leadPhone', pointer: '/match/or/0/field' });
  });

  it('follows a renamed object', async () => {
    ok(await t.md(`mutation { updateObject(name: "lead", input: { name: "prospect" }) { name } }`));
    const rules = ok(await t.md(`{ duplicateRules }`)).duplicateRules;
    expect(rules.map((r: any) => r.object)).toEqual(['prospect', 'prospect']);
    expect(refused(await create(t.api, 'prospect', { name: 'C', mobile: '138-0013-8000' })).extensions.code).toBe('CONFLICT');
  });
});
