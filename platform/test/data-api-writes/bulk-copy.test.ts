import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { COPY_FROM_ROWS } from '../../src/operations/create.ts';
import { metadataClient, startTestServer } from '../support/server.ts';
import { expectError, fixtureTenant, LEAD_FIELDS, type FixtureTenant } from './fixture.ts';

/**
 * A create batch of COPY_FROM_ROWS records or more is written by COPY (the staged path), a smaller
 * one by INSERT: both must store the very same values, run the same checks and leave the same
 * history and events. Values are chosen to trip COPY's text format (tabs, newlines, backslashes,
 * `\N`, quotes and braces in array elements, JSON strings).
 */
let server: RunningServer;
let t: FixtureTenant;
let account: string;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
  const res = await t.api('mutation { createAccount(data: { name: "Tab\\tBack\\\\slash" }) { id } }');
  expect(res.errors).toBeUndefined();
  account = res.data.createAccount.id;
});
afterAll(async () => { await server?.close(); });

const NASTY = ['plain', 'tab\there', 'new\nline', 'cr\rreturn', 'back\\slash', '\\N', '\\.', 'quote "q" and {brace}, comma', '张三 🚀', ''];

function lead(batch: string, i: number): Record<string, unknown> {
  const s = NASTY[i % NASTY.length];
  return {
    name: `${batch} ${String(i).padStart(4, '0')} ${s}`,
    email: `${batch.toLowerCase()}${i}@example.com`,
    notes: i % 7 === 0 ? null : `${s}\n${s}`,
    status: ['New', 'MQL', 'SQL'][i % 3],
    score: i % 11 === 0 ? null : i - 100,
    rating: i % 5 === 0 ? null : (i % 1000) / 100,
    amount: i % 4 === 0 ? null : { amount: i + 0.25, currency: i % 2 ? 'EUR' : 'CNY' },
    tags: i % 6 === 0 ? [] : i % 6 === 1 ? null : ['hot', 'vip'].slice(0, 1 + (i % 2)),
    extra: [null, s, { s, list: [s, 1, true], nested: { n: null } }, [s], 42, false][i % 6],
    born: i % 3 === 0 ? null : `199${i % 10}-0${1 + (i % 9)}-1${i % 10}`,
    seenAt: i % 3 === 1 ? null : new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    active: i % 2 === 0,
    location: i % 8 === 0 ? null : { lat: 31.2304 + i / 1e4, lng: 121.4737 },
    account: i % 2 ? account : null,
    reviewer: i % 3 ? t.adminId : null,
  };
}

const SELECT = LEAD_FIELDS.replace(/\bid /, '').replace(' createdAt updatedAt', '');
async function readBack(prefix: string): Promise<any[]> {
  const res = await t.api(`query($p: String!) { leads(filter: { name: { startsWith: $p } }, orderBy: [{ name: ASC }], first: 500) { nodes { ${SELECT} } } }`, { p: `${prefix} ` });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.leads.nodes.map((n: any) => ({ ...n, name: n.name.slice(prefix.length) }));
}

describe('bulk create by COPY', () => {
  const size = COPY_FROM_ROWS + 37;

  it('stores every value exactly as a small batch does', async () => {
    const copied = Array.from({ length: size }, (_, i) => lead('Copy', i));
    const res = await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: copied });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.createLeads).toHaveLength(size);
    // The same records in small batches (the INSERT path).
    for (let from = 0; from < size; from += 50) {
      const part = Array.from({ length: Math.min(50, size - from) }, (_, k) => lead('Insert', from + k));
      const r = await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: part });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    }
    const a = await readBack('Copy');
    const b = await readBack('Insert');
    expect(a).toHaveLength(size);
    expect(a.map(({ email, ...rest }: any) => ({ ...rest, email: email.replace(/^copy/, '') }))).toEqual(b.map(({ email, ...rest }: any) => ({ ...rest, email: email.replace(/^insert/, '') })));
    // And as given (what the API answers for each input).
    const byName = new Map(a.map((r: any) => [`Copy${r.name}`, r]));
    copied.forEach((input) => {
      const row: any = byName.get(input.name as string);
      expect(row.notes).toBe(input.notes);
      expect(row.extra).toEqual(input.extra);
      expect(row.tags).toEqual(input.tags);
      expect(row.amount).toEqual(input.amount);
    });
  });

  it('keeps the history and the change events of every record, as audit and the outbox write them', async () => {
    const ids = (await t.sql(`select id from "${t.schema}".lead where name like 'Copy %'`)).map((r) => r.id);
    expect(ids).toHaveLength(size);
    const [audit] = await t.sql(`select count(*)::int as n, count(distinct "recordId")::int as d from "${t.schema}"._audit where action = 'create' and "recordId" = any($1::uuid[])`, [ids]);
    expect(audit).toEqual({ n: size, d: size });
    const [entry] = await t.sql(`select changes from "${t.schema}"._audit where "recordId" = $1`, [ids[5]]);
    expect(entry.changes.length).toBeGreaterThan(3);
  });

  it('refuses a batch with a taken unique value or a missing reference, naming the record, and writes none of it', async () => {
    const before = await t.fingerprint('lead');
    const taken = Array.from({ length: size }, (_, i) => lead('Taken', i));
    taken[size - 3].email = 'copy3@example.com';
    const unique = expectError(await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: taken }), 'UNIQUE_VIOLATION');
    expect(JSON.stringify(unique)).toContain(`/data/${size - 3}/email`);
    const missing = Array.from({ length: size }, (_, i) => lead('Missing', i));
    missing[size - 2].account = '01900000-0000-7000-8000-00000000dead';
    const reference = expectError(await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }', { d: missing }), 'REFERENCE_NOT_FOUND');
    expect(JSON.stringify(reference)).toContain(`/data/${size - 2}/account`);
    expect(await t.fingerprint('lead')).toBe(before);
  });
});

describe('bulk create by COPY, the other field types', () => {
  it('free-text arrays, composites, times, ranges and addresses read back the same from both paths', async () => {
    const applied = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ name: 'thing', fields: [
      { name: 'title', type: 'text', required: true }, { name: 'labels', type: 'tags' }, { name: 'mails', type: 'emails' },
      { name: 'ip', type: 'ipAddress' }, { name: 'at', type: 'time' }, { name: 'spent', type: 'duration' }, { name: 'span', type: 'dateRange' },
      { name: 'place', type: 'address' }, { name: 'person', type: 'fullName' }, { name: 'zone', type: 'timeZone' }, { name: 'doc', type: 'markdown' },
    ] }] } });
    expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    const thing = (batch: string, i: number) => {
      const s = NASTY[i % NASTY.length];
      return {
        title: `${batch} ${String(i).padStart(4, '0')}`,
        labels: i % 5 === 0 ? [] : [`t${i}`, `"q ${i}"`, '{a,b}', 'NULL', 'back\\slash', 'comma, here', '张三'],
        mails: i % 3 === 0 ? null : [`a${i}@example.com`],
        ip: i % 4 === 0 ? null : i % 2 ? `10.0.${i % 250}.1` : '2001:db8::1',
        at: i % 3 === 0 ? null : `0${i % 10}:1${i % 6}:00`,
        spent: i % 3 === 1 ? null : i * 1.5,
        span: i % 3 === 2 ? null : { start: '2026-01-01', end: i % 2 ? '2026-02-01' : null },
        place: i % 4 === 1 ? null : { street: `${s} 1`, city: '上海', region: null, postalCode: '200003', country: 'CN' },
        person: { last: s || '张', first: '三', middle: null },
        zone: 'Asia/Shanghai',
        doc: `# ${s}\n\n- ${s}`,
      };
    };
    const size = COPY_FROM_ROWS + 3;
    const select = 'title labels mails ip at spent span { start end } place { street city region postalCode country } person { last first middle } zone doc';
    const create = async (rows: unknown[]) => {
      const r = await t.api('mutation($d: [ThingCreateInput!]!) { createThings(data: $d) { id } }', { d: rows });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    };
    await create(Array.from({ length: size }, (_, i) => thing('Copy', i)));
    for (let i = 0; i < size; i += 60) await create(Array.from({ length: Math.min(60, size - i) }, (_, k) => thing('Insert', i + k)));
    const read = async (p: string) => {
      const r = await t.api(`query($p: String!) { things(filter: { title: { startsWith: $p } }, orderBy: [{ title: ASC }], first: 500) { nodes { ${select} } } }`, { p });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data.things.nodes.map((n: any) => ({ ...n, title: n.title.replace(p, '') }));
    };
    const copied = await read('Copy');
    expect(copied).toHaveLength(size);
    expect(copied).toEqual(await read('Insert'));
    expect(copied[1].labels).toEqual(thing('Copy', 1).labels);
  });
});
