import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Gql, type Tenant } from './support.ts';

/**
 * Encrypted fields meet before-triggers: encryption is the last thing before the row is written,
 * so a trigger reads the plain text the caller sent (and, on an update, the stored value decrypted)
 * and may write plain text into the field; what reaches the column is its ciphertext all the same.
 */
let server: RunningServer;
let t: Tenant;

const DOCUMENT = {
  objects: [{ name: 'patient', fields: [
    { name: 'name', type: 'text', required: true }, { name: 'idNumber', type: 'encrypted', maxLength: 40 }, { name: 'seen', type: 'text' }, { name: 'was', type: 'text' }, { name: 'code', type: 'text', unique: true },
  ] }, { name: 'note', fields: [{ name: 'text', type: 'text' }] }],
};

const ok = (res: Gql) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};
const stored = async (id: string) => {
  const [{ schema }] = await t.sql('select schema_name as schema from tessera.tenants where id = $1', [t.id]);
  return (await t.sql(`select "idNumber", "idNumber__hash" as hash from "${schema}"."patient" where id = $1`, [id]))[0];
};

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, DOCUMENT);
  await activate(t, 'ids', `export const triggers = { patient: {
  beforeCreate(ctx) { for (const r of ctx.records) { r.seen = typeof r.idNumber === 'string' ? r.idNumber : 'none'; if (r.name === 'generated') r.idNumber = 'ID-' + r.name.toUpperCase(); } },
  async afterCreate(ctx) { for (const r of ctx.records) if (r.name === 'noted') await ctx.db.create('note', { text: JSON.stringify(r.idNumber) }); },
  async afterUpdate(ctx) { for (const [i, r] of ctx.records.entries()) if (ctx.old[i]?.name === 'noted') await ctx.db.create('note', { text: JSON.stringify(r.idNumber) }); },
  beforeUpdate(ctx) { ctx.records.forEach((r, i) => { r.seen = typeof r.idNumber === 'string' ? r.idNumber : 'none'; r.was = String(ctx.old[i]?.idNumber ?? 'none'); if (r.name === 'regenerate' || r.seen === 'bulk') r.idNumber = 'ID-NEW'; }); },
} };`);
});
afterAll(async () => { await server?.close(); });

describe('encrypted fields and before-triggers', () => {
  it('a trigger sees the plain text a create sends, never ciphertext', async () => {
    const made = ok(await t.api('mutation { createPatient(data: {name: "ada", idNumber: "110101199003071234"}) { id idNumber seen } }')).createPatient;
    expect(made).toMatchObject({ idNumber: '110101199003071234', seen: '110101199003071234' });
    const row = await stored(made.id);
    expect(row.idNumber).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('110101199003071234');
  });

  it('a trigger that writes plain text into the field stores it encrypted (single and bulk), and it reads back and filters', async () => {
    const made = ok(await t.api('mutation { createPatient(data: {name: "generated"}) { id idNumber seen } }')).createPatient;
    expect(made).toMatchObject({ idNumber: 'ID-GENERATED', seen: 'none' });
    const row = await stored(made.id);
    expect(row.idNumber).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('ID-GENERATED');
    const bulk = ok(await t.api('mutation($d: [PatientCreateInput!]!) { createPatients(data: $d) { id idNumber } }', { d: [{ name: 'generated' }, { name: 'bob', idNumber: 'B-2' }] })).createPatients;
    expect(bulk.map((r: { idNumber: string }) => r.idNumber)).toEqual(['ID-GENERATED', 'B-2']);
    const found = ok(await t.api('{ patients(filter: {idNumber: {eq: "ID-GENERATED"}}) { totalCount } }')).patients;
    expect(found.totalCount).toBe(2);
  });

  it('on an update, a trigger sees the new plain text and the old value decrypted, and may replace it', async () => {
    const id = ok(await t.api('mutation { createPatient(data: {name: "cy", idNumber: "C-1"}) { id } }')).createPatient.id;
    const changed = ok(await t.api('mutation($id: ID!) { updatePatient(id: $id, data: {idNumber: "C-2"}) { idNumber seen was } }', { id })).updatePatient;
    expect(changed).toEqual({ idNumber: 'C-2', seen: 'C-2', was: 'C-1' });
    const replaced = ok(await t.api('mutation($id: ID!) { updatePatient(id: $id, data: {name: "regenerate"}) { idNumber seen was } }', { id })).updatePatient;
    expect(replaced).toEqual({ idNumber: 'ID-NEW', seen: 'none', was: 'C-2' });
    expect(JSON.stringify(await stored(id))).not.toContain('ID-NEW');
  });

  it('an after-trigger sees the plain text too (creates and updates), never the sealed value', async () => {
    const id = ok(await t.api('mutation { createPatient(data: {name: "noted", idNumber: "N-1"}) { id } }')).createPatient.id;
    ok(await t.api('mutation($id: ID!) { updatePatient(id: $id, data: {idNumber: "N-2"}) { id } }', { id }));
    const notes = ok(await t.api('{ notes { nodes { text } } }')).notes.nodes.map((n: { text: string }) => n.text);
    expect(notes.sort()).toEqual(['"N-1"', '"N-2"']);
  });

  it('bulk updates by filter and upserts: a trigger\'s plain text is stored encrypted', async () => {
    ok(await t.api('mutation { createPatients(data: [{name: "many"}, {name: "many"}]) { id } }'));
    expect(ok(await t.api('mutation { updatePatients(filter: {name: {eq: "many"}}, data: {idNumber: "bulk"}) { ids } }')).updatePatients.ids).toHaveLength(2);
    const rows = ok(await t.api('{ patients(filter: {name: {eq: "many"}}) { nodes { idNumber seen } } }')).patients.nodes;
    expect(rows).toEqual([{ idNumber: 'ID-NEW', seen: 'bulk' }, { idNumber: 'ID-NEW', seen: 'bulk' }]);
    const up = ok(await t.api('mutation { upsertPatient(match: {code: "U-1"}, data: {name: "generated", code: "U-1"}) { id idNumber } }')).upsertPatient;
    expect(up.idNumber).toBe('ID-GENERATED');
    const again = ok(await t.api('mutation { upsertPatient(match: {code: "U-1"}, data: {name: "regenerate", code: "U-1"}) { id idNumber } }')).upsertPatient;
    expect(again).toEqual({ id: up.id, idNumber: 'ID-NEW' });
    expect(JSON.stringify(await stored(up.id))).not.toContain('ID-NEW');
  });
});
