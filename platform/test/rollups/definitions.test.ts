import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createAccount, createOpp, ok, OBJECTS, refused, rollupTenant, type RollupTenant } from './support.ts';

/**
 * Definitions: refused with pointers when the platform could not keep them; recomputed from every
 * child, in the change's transaction, when added, changed or restored.
 */
let server: RunningServer;
let t: RollupTenant;

const account = (extra: unknown[]) => ({ name: 'account', fields: [{ name: 'name', type: 'text' }, ...extra] });
const opportunity = OBJECTS[1];
const applyAccount = (extra: unknown[], others: unknown[] = [opportunity]) => t.apply({ objects: [account(extra), ...others] });

beforeAll(async () => {
  server = await startTestServer();
  t = await rollupTenant(server, [account([]), opportunity]);
});
afterAll(async () => { await server?.close(); });

describe('refused definitions', () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['an unknown child object', { relation: 'invoice.account', aggregate: 'COUNT' }, '/relation', /no object "invoice"/],
    ['a child field that is no lookup', { relation: 'opportunity.stage', aggregate: 'COUNT' }, '/relation', /no lookup or master-detail field "stage"/],
    ['an unknown aggregated field', { relation: 'opportunity.account', aggregate: 'SUM', field: 'price' }, '/field', /no field "price"/],
    ['SUM of text', { relation: 'opportunity.account', aggregate: 'SUM', field: 'stage' }, '/field', /is a text field: SUM needs a stored number field/],
    ['MAX of a lookup', { relation: 'opportunity.account', aggregate: 'MAX', field: 'account' }, '/field', /needs a stored number field/],
    ['a filter naming an unknown field, with its position', { relation: 'opportunity.account', aggregate: 'COUNT', filter: 'stge = "won"' }, '/filter', /stge.*line 1, column 1/],
    ['a filter that is not boolean', { relation: 'opportunity.account', aggregate: 'COUNT', filter: 'amount + 1' }, '/filter', /must give a boolean/],
    ['a filter through a lookup', { relation: 'opportunity.account', aggregate: 'COUNT', filter: 'account.name = "x"' }, '/filter', /own fields/],
  ];
  for (const [what, props, prop, message] of cases) {
    it(`${what}: VALIDATION_FAILED at ${prop}`, async () => {
      const error = refused(await applyAccount([{ name: 'r', type: 'rollup', ...props }]));
      expect(error.extensions.code).toBe('VALIDATION_FAILED');
      const detail = (error.extensions.errors ?? error.extensions.details)[0];
      expect(detail.pointer).toBe(`/objects/account/fields/1${prop}`);
      expect(detail.message).toMatch(message);
    });
  }

  it('a relation whose lookup points elsewhere', async () => {
    const error = refused(await t.apply({ objects: [account([]), opportunity, { name: 'region', fields: [{ name: 'r', type: 'rollup', relation: 'opportunity.account', aggregate: 'COUNT' }] }] }));
    expect((error.extensions.errors ?? error.extensions.details)[0]).toMatchObject({ pointer: '/objects/region/fields/0/relation', message: expect.stringMatching(/points to account, not to region/) });
  });

  it('TODAY() in a filter: the stored value would go stale', async () => {
    const error = refused(await applyAccount([{ name: 'r', type: 'rollup', relation: 'opportunity.account', aggregate: 'COUNT', filter: 'ISBLANK(TODAY())' }]));
    expect((error.extensions.errors ?? error.extensions.details)[0].message).toMatch(/TODAY\(\) or NOW\(\)/);
  });

  it('a roll-up of a roll-up (a cycle on self-lookups, or a chain) is refused: only stored numbers are aggregated', async () => {
    const error = refused(await t.apply({ objects: [{ name: 'team', fields: [{ name: 'parent', type: 'lookup', target: 'team' }, { name: 'size', type: 'rollup', relation: 'team.parent', aggregate: 'SUM', field: 'size' }] }] }));
    expect((error.extensions.errors ?? error.extensions.details)[0]).toMatchObject({ pointer: '/objects/team/fields/1/field', message: expect.stringMatching(/is a rollup field/) });
  });

  it('definition checks without the catalog: COUNT takes no field, the others need one, never required/unique/default', async () => {
    const error = refused(await applyAccount([{ name: 'r', type: 'rollup', relation: 'opportunity.account', aggregate: 'COUNT', field: 'amount', required: true }]));
    const pointers = (error.extensions.errors ?? error.extensions.details).map((d: any) => d.pointer);
    expect(pointers).toEqual(expect.arrayContaining([expect.stringMatching(/fields\/1\/field$/), expect.stringMatching(/fields\/1\/required$/)]));
    const sum = refused(await applyAccount([{ name: 'r', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM' }]));
    expect((sum.extensions.errors ?? sum.extensions.details)[0].pointer).toMatch(/fields\/1\/field$/);
  });

  it('deleting or renaming what a roll-up reads is refused while it does', async () => {
    ok(await applyAccount([{ name: 'kept', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' }]));
    const withoutStage = { ...opportunity, fields: opportunity.fields.filter((f) => f.name !== 'stage') };
    expect(refused(await applyAccount([{ name: 'kept', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' }], [withoutStage])).extensions.code).toBe('VALIDATION_FAILED');
    const withoutLookup = { ...opportunity, fields: opportunity.fields.filter((f) => f.name !== 'account') };
    expect(refused(await applyAccount([{ name: 'kept', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' }], [withoutLookup])).extensions.code).toBe('VALIDATION_FAILED');
    ok(await applyAccount([]));
  });
});

describe('recomputed when the definition changes', () => {
  it('added over existing children, then its filter, aggregate and field changed, deleted and restored: each time equal to a recount', async () => {
    const [a, b] = [await createAccount(t, 'recompute a'), await createAccount(t, 'recompute b')];
    for (const [i, stage] of ['won', 'lost', 'won', 'open'].entries()) await createOpp(t, { name: `r${i}`, account: a, amount: (i + 1) * 10, stage });
    await createOpp(t, { name: 'rb', account: b, amount: 7, stage: 'won' });
    const read = async (id: string) => ok(await t.api(`query($id: ID!) { account(id: $id) { x } }`, { id })).account.x;
    const define = async (props: Record<string, unknown>) => {
      const res = ok(await applyAccount([{ name: 'x', type: 'rollup', relation: 'opportunity.account', ...props }]));
      return res.applyMetadata.changes.filter((c: any) => c.action === 'recomputeRollup');
    };
    expect(await define({ aggregate: 'SUM', field: 'amount' })).toHaveLength(1);
    expect([await read(a), await read(b)]).toEqual([100, 7]);
    expect(await define({ aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' })).toHaveLength(1);
    expect([await read(a), await read(b)]).toEqual([40, 7]);
    await define({ aggregate: 'MAX', field: 'amount', filter: 'stage <> "won"' });
    expect([await read(a), await read(b)]).toEqual([40, null]);
    await define({ aggregate: 'COUNT' });
    expect([await read(a), await read(b)]).toEqual([4, 1]);
    // A change that leaves the definition alone (a label) recomputes nothing.
    expect((ok(await applyAccount([{ name: 'x', type: 'rollup', label: { en: 'Deals' }, relation: 'opportunity.account', aggregate: 'COUNT' }])).applyMetadata.changes as any[]).filter((c) => c.action === 'recomputeRollup')).toHaveLength(0);
    // Deleted, children written meanwhile, restored: recomputed.
    ok(await applyAccount([]));
    await createOpp(t, { name: 'while deleted', account: a, amount: 1 });
    ok(await t.md(`mutation { restoreField(object: "account", name: "x") { name } }`));
    expect(await read(a)).toBe(5);
    // Kept incrementally after a recompute.
    await createOpp(t, { name: 'after', account: b, amount: 1 });
    expect(await read(b)).toBe(2);
  });
});
