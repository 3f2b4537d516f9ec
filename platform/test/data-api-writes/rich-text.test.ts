import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, startTestServer } from '../support/server.ts';
import { expectError, fixtureTenant, type FixtureTenant } from './fixture.ts';

/**
 * richText values are stored sanitized whatever the write path (create, createMany, update,
 * updateMany, upsert through GraphQL; scripts are in runtime/test/rich-text.test.ts): what is stored,
 * read back and written to the history is allow-listed HTML, never a script, an event handler, a
 * javascript: link, a frame or a style.
 */
let server: RunningServer;
let t: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
});
afterAll(async () => { await server?.close(); });

/** Hostile inputs and what each must be stored as. */
const HOSTILE: [string, string, string][] = [
  ['a script element', '<p>Hi<script>alert(1)</script> there</p>', '<p>Hi there</p>'],
  ['an onerror attribute', '<p>pic <img src="x" onerror="alert(1)"></p><p onclick="steal()">ok</p>', '<p>pic </p><p>ok</p>'],
  ['javascript: URLs (mixed case, entity-split)', '<a href="JaVaScRiPt:alert(1)">a</a><a href="java&#x09;script:alert(1)">b</a><a href="https://ok.example/">c</a>',
    '<a rel="noopener noreferrer nofollow">a</a><a rel="noopener noreferrer nofollow">b</a><a href="https://ok.example/" rel="noopener noreferrer nofollow">c</a>'],
  ['an iframe', '<iframe src="https://evil.example"></iframe><p>after</p>', '<p>after</p>'],
  ['style expressions', '<p style="width: expression(alert(1)); background: url(javascript:alert(1))">styled</p><style>p{}</style>', '<p>styled</p>'],
  ['SVG and MathML', '<svg onload="alert(1)"><script>alert(1)</script></svg><math><mi xlink:href="javascript:alert(1)">m</mi></math>x', 'x'],
  ['nested and malformed HTML', '<p><b><i>bold italic</b> tail</i><div><p>unclosed', '<p><b><i>bold italic</i></b> tail</p><p>unclosed</p>'],
  ['a comment hiding a script', '<!-- <script>alert(1)</script> --><p>c</p>', '<p>c</p>'],
  ['forms, metas and bases', '<form action="https://evil.example"><input name="p"></form><meta http-equiv="refresh" content="0"><base href="https://evil.example/">t', 't'],
];

const table = async (object: string) => `"${t.schema}"."${(await t.sql('select table_name from tessera.object_definitions where tenant_id = $1 and name = $2', [t.id, object]))[0].table_name}"`;
/** The value in the column, read with SQL. */
const stored = async (id: string) => (await t.sql(`select body from ${await table('lead')} where id = $1`, [id]))[0].body;

describe('richText values are sanitized on every write path', () => {
  it.each(HOSTILE)('create stores %s sanitized, reads it back and audits it so', async (_name, input, expected) => {
    const res = await t.api('mutation($b: String) { createLead(data: {name: "rt", body: $b}) { id body } }', { b: input });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.createLead.body).toBe(expected);
    expect(await stored(res.data.createLead.id)).toBe(expected);
    const history = await t.api('query($id: ID!) { recordHistory(object: "lead", id: $id) { changes { field after } } }', { id: res.data.createLead.id });
    expect(history.data.recordHistory[0].changes.find((c: { field: string }) => c.field === 'body').after).toBe(expected);
  });

  it('update, updateMany, createMany and upsert sanitize alike', async () => {
    const [input, expected] = [HOSTILE[1][1], HOSTILE[1][2]];
    const many = await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id body } }', { d: [{ name: 'm1', body: input }, { name: 'm2', body: HOSTILE[0][1] }] });
    expect(many.data.createLeads.map((r: { body: string }) => r.body)).toEqual([expected, HOSTILE[0][2]]);
    const id = many.data.createLeads[0].id;
    const one = await t.api('mutation($id: ID!, $b: String) { updateLead(id: $id, data: {body: $b}) { body } }', { id, b: HOSTILE[2][1] });
    expect(one.data.updateLead.body).toBe(HOSTILE[2][2]);
    expect(await stored(id)).toBe(HOSTILE[2][2]);
    const bulk = await t.api('mutation($b: String) { updateLeads(filter: {name: {in: ["m1", "m2"]}}, data: {body: $b}) { count } }', { b: HOSTILE[3][1] });
    expect(bulk.data.updateLeads.count).toBe(2);
    for (const r of many.data.createLeads) expect(await stored(r.id)).toBe(HOSTILE[3][2]);
    const upsert = await t.api('mutation($b: String) { upsertLead(match: {email: "rt@example.com"}, data: {name: "u", body: $b}) { id body } }', { b: HOSTILE[4][1] });
    expect(upsert.data.upsertLead.body).toBe(HOSTILE[4][2]);
    const again = await t.api('mutation($b: String) { upsertLead(match: {email: "rt@example.com"}, data: {name: "u", body: $b}) { body } }', { b: HOSTILE[5][1] });
    expect(again.data.upsertLead.body).toBe(HOSTILE[5][2]);
    expect(await stored(upsert.data.upsertLead.id)).toBe(HOSTILE[5][2]);
  });

  it('keeps clean HTML as it is, so that saving it again changes nothing (no history entry)', async () => {
    const clean = '<h2>Plan</h2><p>Ship <strong>bold</strong>, <em>now</em> &amp; <u>then</u></p><ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote><p>q</p></blockquote><pre><code class="language-ts">x &lt; y</code></pre>';
    const res = await t.api('mutation($b: String) { createLead(data: {name: "clean", body: $b}) { id body } }', { b: clean });
    expect(res.data.createLead.body).toBe(clean);
    const id = res.data.createLead.id;
    await t.api('mutation($id: ID!, $b: String) { updateLead(id: $id, data: {body: $b}) { id } }', { id, b: clean });
    const history = await t.api('query($id: ID!) { recordHistory(object: "lead", id: $id) { action } }', { id });
    expect(history.data.recordHistory.map((h: { action: string }) => h.action)).toEqual(['create']);
  });

  it('refuses a value over maxLength before sanitizing, and sanitizes a huge hostile value within bounds quickly', async () => {
    expectError(await t.api('mutation($b: String) { createLead(data: {name: "huge", body: $b}) { id } }', { b: 'x'.repeat(131073) }), 'VALIDATION_FAILED');
    const hostile = '<p onmouseover="alert(1)"><b>x</b><script>alert(1)</script></p>'.repeat(2000); // 128,000 characters
    const deep = '<div>'.repeat(600) + 'deep' + '</div>'.repeat(600);
    const started = Date.now();
    const res = await t.api('mutation($a: String, $b: String) { a: createLead(data: {name: "huge", body: $a}) { body } b: createLead(data: {name: "deep", body: $b}) { body } }', { a: hostile, b: deep });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.a.body).toBe('<p><b>x</b></p>'.repeat(2000));
    expect(res.data.b.body).toBe('deep');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('sanitizes a field\'s default (what rows that take it store)', async () => {
    const meta = metadataClient(server, t.apiKey);
    const added = await meta('mutation { createField(object: "account", input: {name: "about", type: RICH_TEXT, defaultValue: "<p>Hi<img src=x onerror=alert(1)></p>"}) { name } }');
    expect(added.errors, JSON.stringify(added.errors)).toBeUndefined();
    const res = await t.api('mutation { createAccount(data: {name: "defaulted"}) { about } }');
    expect(res.data.createAccount.about).toBe('<p>Hi</p>');
    const [{ column_default: def }] = await t.sql(`select column_default from information_schema.columns where table_schema = $1 and column_name = 'about'`, [t.schema]);
    expect(def).not.toMatch(/onerror/);
  });

  it('refuses turning plain text holding markup into rich text (it would become HTML unsanitized); plain text converts', async () => {
    const meta = metadataClient(server, t.apiKey);
    const add = await meta('mutation { createField(object: "account", input: {name: "memo", type: LONG_TEXT}) { name } }');
    expect(add.errors, JSON.stringify(add.errors)).toBeUndefined();
    await t.api('mutation { createAccount(data: {name: "plain", memo: "just words & more"}) { id } }');
    const marked = await t.api('mutation { createAccount(data: {name: "marked", memo: "<img src=x onerror=alert(1)>"}) { id } }');
    const retype = () => meta('mutation { updateField(object: "account", name: "memo", input: {type: RICH_TEXT}) { name } }');
    const refused = await retype();
    expect(refused.errors?.[0].extensions?.code, JSON.stringify(refused.errors)).toBe('CONFLICT');
    expect(refused.errors?.[0].message).toMatch(/1 records of account hold a memo value/);
    // A deleted record keeps its value (restorable): gone for good, the conversion may go on.
    await t.sql(`delete from ${await table('account')} where id = $1`, [marked.data.createAccount.id]);
    const ok = await retype();
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
  });
});
