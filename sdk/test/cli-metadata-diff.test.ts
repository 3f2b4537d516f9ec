import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { newTenant, startTestServer } from '../../platform/test/support/server.ts';
import { scratch, tessera } from './support.ts';

const V1 = {
  objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text' }, { name: 'amount', type: 'integer' }] }],
  validationRules: [{ name: 'positive', object: 'deal', assert: 'OR(ISBLANK(amount), amount > 0)', message: 'Positive, please', field: 'amount' }],
};
const V2 = {
  objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text', required: true }, { name: 'stage', type: 'select', options: [{ value: 'open' }, { value: 'won' }] }] }],
  validationRules: [{ name: 'positive', object: 'deal', assert: 'NOT(ISBLANK(title))', message: 'A title, please', field: 'title' }],
  duplicateRules: [{ name: 'sameTitle', object: 'deal', action: 'WARN', match: { field: 'title', match: 'fuzzy', threshold: 0.8 } }],
};

let server: RunningServer;
let tmp: Awaited<ReturnType<typeof scratch>>;

beforeAll(async () => {
  server = await startTestServer();
  tmp = await scratch('tessera-diff-');
});
afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

/** A tenant with V1 applied; its CLI environment (the server, its admin's key) and its history's last seq. */
async function tenantAtV1() {
  const t = await newTenant(server, 'diff');
  const env = { TESSERA_URL: server.url, TESSERA_API_KEY: t.apiKey };
  const v1 = await tmp.file(`v1-${t.tenant.slug}.json`, V1);
  const v2 = await tmp.file(`v2-${t.tenant.slug}.json`, V2);
  const applied = await tessera(['metadata', 'apply', v1], env);
  expect(applied.code, applied.stderr).toBe(0);
  const seq = async () => Number((await server.platform.pool.query('select max(seq) as s from tessera.metadata_history where tenant_id = $1', [t.tenant.id])).rows[0].s);
  return { t, env, v1, v2, seq: await seq(), lastSeq: seq };
}

describe('tessera metadata diff <file>', () => {
  it('exits 0 when the document matches the live metadata', async () => {
    const { env, v1, t } = await tenantAtV1();
    const run = await tessera(['metadata', 'diff', v1, '--tenant', t.tenant.slug], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`No differences: ${v1} matches the live metadata of ${t.tenant.slug}.`);
  });

  it('exits 1 and shows what differs per kind and item, fields one by one, live → document', async () => {
    const { env, v2 } = await tenantAtV1();
    const run = await tessera(['metadata', 'diff', v2, '--json'], env);
    expect(run.code, run.stderr).toBe(1);
    const diff = JSON.parse(run.stdout);
    expect(diff.equal).toBe(false);
    const byName = Object.fromEntries(diff.differences.map((d: { kind: string; name: string }) => [`${d.kind} ${d.name}`, d]));
    expect(Object.keys(byName).sort()).toEqual(['duplicateRule sameTitle', 'object deal', 'validationRule positive']);
    expect(byName['duplicateRule sameTitle']).toMatchObject({ action: 'added', steps: ['createDuplicateRule'], details: [{ path: '/', document: V2.duplicateRules[0] }] });
    expect(byName['validationRule positive']).toMatchObject({ action: 'changed', steps: ['updateValidationRule'] });
    expect(byName['validationRule positive'].details).toEqual(expect.arrayContaining([
      { path: '/message', live: { en: 'Positive, please' }, document: 'A title, please' },
      { path: '/assert', live: V1.validationRules[0].assert, document: 'NOT(ISBLANK(title))' },
    ]));
    const deal = byName['object deal'];
    expect(deal.action).toBe('changed');
    expect(deal.steps).toEqual(expect.arrayContaining(['createField', 'updateField', 'deleteField']));
    expect(deal.details).toEqual(expect.arrayContaining([
      { path: '/fields/title/required', live: false, document: true },
      { path: '/fields/stage', document: V2.objects[0].fields[1] },
      { path: '/fields/amount', live: expect.objectContaining({ name: 'amount', type: 'integer' }) },
    ]));
    const text = await tessera(['metadata', 'diff', v2], env);
    expect(text.stdout).toContain('~ object deal');
    expect(text.stdout).toContain('    ~ /fields/title/required: false → true');
    expect(text.stdout).toContain('+ duplicateRule sameTitle');
    expect(text.stdout).toContain('3 items differ');
  });
});

describe('tessera metadata rollback --to <seq>', () => {
  it('restores the configuration as it was at the entry, as one change; --dry-run changes nothing', async () => {
    const { t, env, v1, v2, seq, lastSeq } = await tenantAtV1();
    expect((await tessera(['metadata', 'apply', v2], env)).code).toBe(0);
    const afterV2 = await lastSeq();

    const dry = await tessera(['metadata', 'rollback', '--to', String(seq), '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.dryRun).toBe(true);
    expect(plan.changes.map((c: { action: string; target: string }) => `${c.action} ${c.target}`)).toEqual(expect.arrayContaining(['deleteDuplicateRule sameTitle', 'updateValidationRule positive', 'deleteField deal.stage']));
    expect(await lastSeq()).toBe(afterV2);
    expect((await tessera(['metadata', 'diff', v2], env)).code).toBe(0);

    const done = await tessera(['metadata', 'rollback', '--to', String(seq), '--tenant', t.tenant.slug], env);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`to ${t.tenant.slug}`);
    const diff = await tessera(['metadata', 'diff', v1, '--json'], env);
    expect(JSON.parse(diff.stdout).differences).toEqual([]);
    expect(diff.code).toBe(0);
    // The rule made since is gone, not merely left out of V1.
    const rules = (await server.platform.pool.query(`select name from tessera.config_items where tenant_id = $1 and kind = 'duplicateRule'`, [t.tenant.id])).rows;
    expect(rules).toEqual([]);
    // Rolling forward again is a rollback too: to the entry after V2.
    const again = await tessera(['metadata', 'rollback', '--to', String(afterV2)], env);
    expect(again.code, again.stderr).toBe(0);
    expect((await tessera(['metadata', 'diff', v2], env)).code).toBe(0);
  });

  it('works on the database directly, as the system', async () => {
    const { t, env, v1, v2, seq } = await tenantAtV1();
    expect((await tessera(['metadata', 'apply', v2], env)).code).toBe(0);
    const db = { DATABASE_URL: inject('databaseUrl' as never) as string };
    const run = await tessera(['metadata', 'rollback', '--to', String(seq), '--tenant', t.tenant.slug], db);
    expect(run.code, run.stderr).toBe(0);
    expect((await tessera(['metadata', 'diff', v1, '--tenant', t.tenant.slug], db)).code).toBe(0);
  });

  it('refuses to remove what documents never remove (a role made since), naming it and the verb that does (CONFLICT at /to)', async () => {
    const { env, seq, t } = await tenantAtV1();
    const withRole = await tmp.file(`role-${t.tenant.slug}.json`, { roles: [{ name: 'closer' }] });
    expect((await tessera(['metadata', 'apply', withRole], env)).code).toBe(0);
    const run = await tessera(['metadata', 'rollback', '--to', String(seq), '--json'], env);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('cannot remove the role closer');
    expect(error.message).toContain('deleteRole');
    expect(error.details).toEqual([expect.objectContaining({ pointer: '/to', message: 'role closer was made since' })]);
  });

  it('refuses an entry that does not exist, and a missing --to', async () => {
    const { env, lastSeq } = await tenantAtV1();
    const beyond = await tessera(['metadata', 'rollback', '--to', String((await lastSeq()) + 1000)], env);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toContain('There is no history entry');
    const missing = await tessera(['metadata', 'rollback'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Pass --to <seq>');
  });
});
