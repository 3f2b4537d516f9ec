import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createApiKey, openPlatform, startEmbeddedPostgres, type MetadataDocument, type Platform } from '@tessera/platform';
import { startTestServer } from '../../platform/test/support/server.ts';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { runCli } from '../src/index.ts';
import { freePort, installScriptRuntime, scratch, slug, STACK, tessera as run, tesseraProcess, type Run } from './support.ts';

const DOCUMENT: MetadataDocument = {
  objects: [
    { name: 'account', label: 'Account', fields: [{ name: 'name', type: 'text', required: true }, { name: 'website', type: 'url' }] },
    {
      name: 'contact',
      fields: [
        { name: 'email', type: 'email', unique: true },
        { name: 'account', type: 'lookup', target: 'account' },
      ],
    },
  ],
};

/** A configuration with every kind; people named by e-mail must exist in the tenant. */
const FULL = {
  objects: [{ name: 'deal', fields: [{ name: 'title', type: 'text', required: true }, { name: 'amount', type: 'number' }, { name: 'stage', type: 'select', options: [{ value: 'open' }, { value: 'won' }] }] }],
  roles: [{ name: 'manager', capabilities: ['exportData'] }, { name: 'rep', parent: 'manager', objectPermissions: [{ object: 'deal', read: true, create: true }] }],
  permissionSets: [{ name: 'exporters', capabilities: ['exportData'] }],
  groups: [{ name: 'team', members: [{ role: 'rep' }, { user: 'ann@cli.test' }] }],
  sharingRules: [{ name: 'bigDeals', object: 'deal', filter: { amount: { gt: 1000 } }, shareWith: { group: 'team' }, access: 'READ' }],
  listViews: [{ object: 'deal', name: 'Open deals', filters: [{ field: 'stage', op: 'eq', value: 'open' }], columns: ['title', 'amount'] }],
  dashboards: [{ name: 'Pipeline', blocks: [{ id: 'a', type: 'chart', object: 'deal', measure: { fn: 'sum', field: 'amount' }, groupBy: { field: 'stage' }, chart: 'bar' }] }],
  apps: [{ name: 'sales', label: { en: 'Sales', 'zh-CN': '销售' }, objects: ['deal'] }],
  duplicateRules: [{ name: 'sameDeal', object: 'deal', label: { en: 'Same deal' }, action: 'WARN', active: true, match: { field: 'title', match: 'fuzzy', threshold: 0.8 } }],
  validationRules: [{ name: 'dealTitled', object: 'deal', assert: 'NOT(ISBLANK(title))', message: { en: 'A deal needs a title', zh: '商机需要标题' }, field: 'title', on: 'both', active: true }],
  scripts: [{ name: 'dealDefaults', source: "export const triggers = { deal: { beforeCreate(ctx) { for (const d of ctx.records) d.stage = d.stage ?? 'open'; } } };\n" }],
  businessCalendars: [{ name: 'default', timeZone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-17:00'] } }],
  forecasts: [{ object: 'deal', amountField: 'amount', targets: [{ user: 'ann@cli.test', period: '2026-Q4', amount: 5000 }] }],
};

/** What `metadata pull` writes for a tenant without any configuration: every kind, empty. */
const EMPTY = { objects: [], roles: [], permissionSets: [], groups: [], sharingRules: [], listViews: [], dashboards: [], apps: [], duplicateRules: [], validationRules: [], scripts: [], businessCalendars: [], forecasts: [] };

let tmp: Awaited<ReturnType<typeof scratch>>;
let server: RunningServer;
let platform: Platform;
let closeRuntime: (() => Promise<void>) | undefined;
/** The tenants made here: their slug and their admin's API key. */
const keys = new Map<string, string>();

beforeAll(async () => {
  tmp = await scratch('tessera-cli-');
  server = await startTestServer();
  platform = server.platform;
  closeRuntime = await installScriptRuntime(server.platform);
});
afterAll(async () => {
  await closeRuntime?.();
  await server?.close();
  await tmp?.remove();
});

/** The test database, named as the server's environment names it. */
const onDatabase = (): NodeJS.ProcessEnv => ({ DATABASE_URL: inject('databaseUrl') });
/** The test server, as the admin of tenant `s` (the key `tenant create` printed). */
const onServer = (s: string): NodeJS.ProcessEnv => ({ TESSERA_URL: server.url, TESSERA_API_KEY: keys.get(s)! });
/** Runs the CLI; by default on the database (tenant commands), as the existing contract tests did. */
const tessera = (args: string[], env: NodeJS.ProcessEnv = onDatabase(), cwd?: string): Promise<Run> => run(args, env, cwd);
const writeJson = (name: string, value: unknown) => tmp.file(name, value);

/** Creates a tenant through the CLI (on the database) and returns its slug; its admin's key is kept for onServer. */
async function newTenant(): Promise<string> {
  const s = slug();
  const created = await tessera(['tenant', 'create', s, '--json']);
  expect(created.code, created.stderr).toBe(0);
  keys.set(s, JSON.parse(created.stdout).apiKey);
  return s;
}

describe('tessera (no database needed)', () => {
  function capture() {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, env: {}, cwd: tmp.dir } };
  }

  it('prints help for the CLI and for each command, exit 0', async () => {
    for (const argv of [['--help'], ['tenant', '--help'], ['tenant', 'create', '--help'], ['tenant', 'list', '-h'], ['metadata', 'apply', '--help'], ['metadata', 'pull', '--help'], ['help', 'metadata', 'pull'], ['login', '--help'], ['logout', '-h'], ['whoami', '--help'], ['help', 'login']]) {
      const { out, io } = capture();
      expect(await runCli(argv, io), argv.join(' ')).toBe(0);
      expect(out.stdout).toMatch(/^Usage: tessera/);
      expect(out.stderr).toBe('');
    }
  });

  it('refuses a bad command line with exit code 2 and a pointer to --help', async () => {
    for (const argv of [[], ['nope'], ['tenant', 'delete'], ['tenant', 'create'], ['tenant', 'create', 'a', 'b'], ['tenant', 'create', 'acme', '--bogus'], ['metadata', 'apply'], ['metadata', 'pull', '--out'],
      ['login'], ['login', '--url', 'http://localhost:4000'], ['login', '--url', 'localhost:4000', '--api-key', 'k'], ['login', '--url', 'ftp://x', '--api-key', 'k'], ['whoami', 'extra'], ['logout', '--url', 'x'],
      ['metadata', 'pull', '--database-url', 'postgres://x', '--data-dir', '/x'], ['metadata', 'pull', '--profile', 'p', '--data-dir', '/x'], ['tenant', 'list', '--profile', 'p']]) {
      const { out, io } = capture();
      expect(await runCli(argv, io), argv.join(' ')).toBe(2);
      expect(out.stdout).toBe('');
    }
    const { out, io } = capture();
    await runCli(['tenant', 'create', 'acme', '--bogus'], io);
    expect(out.stderr).toContain('error: unknown option --bogus');
    expect(out.stderr).toContain('tessera tenant create --help');
  });

  it('the bin works through the child process too', async () => {
    const help = await tesseraProcess(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('tessera metadata apply');
    expect(help.stdout).toContain('tessera login');
    expect((await tesseraProcess(['tenant', 'create'], {})).code).toBe(2);
  });
});

describe('tessera tenant', () => {
  it('create --json prints exactly {"tenant":{"id","slug"},"apiKey"} on one line, and the key works', async () => {
    const s = slug();
    const run = await tessera(['tenant', 'create', s, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out).sort()).toEqual(['apiKey', 'tenant']);
    expect(Object.keys(out.tenant).sort()).toEqual(['id', 'slug']);
    expect(out.tenant.slug).toBe(s);
    expect(typeof out.tenant.id).toBe('string');
    expect(typeof out.apiKey).toBe('string');

    const principal = await platform.auth.authenticate(`Bearer ${out.apiKey}`);
    expect(principal.tenantId).toBe(out.tenant.id);
    expect(principal.tenantSlug).toBe(s);
  });

  it('create without --json shows the admin email, the generated password and the API key', async () => {
    const s = slug();
    const run = await tessera(['tenant', 'create', s, '--name', 'Acme Corp', '--admin-email', `ops@${s}.test`]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Created tenant ${s}`);
    expect(run.stdout).toContain('Acme Corp');
    expect(run.stdout).toContain(`ops@${s}.test`);
    expect(run.stdout).toMatch(/admin password: \S{8,}\s+\(generated; shown once\)/);
    const key = /API key:\s+(\S+)/.exec(run.stdout)?.[1];
    expect(key).toBeDefined();
    expect((await platform.auth.authenticate(`Bearer ${key}`)).tenantSlug).toBe(s);
  });

  it('a given admin password is not echoed', async () => {
    const run = await tessera(['tenant', 'create', slug(), '--admin-password', 'correct horse battery']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('correct horse battery');
  });

  it('refuses a duplicate slug with exit 1 and a clear message', async () => {
    const s = await newTenant();
    const run = await tessera(['tenant', 'create', s]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`error: A tenant with slug "${s}" already exists`);
    expect(run.stderr).toContain('  /slug: is taken');
    expect(run.stderr).not.toMatch(STACK); // no stack trace

    const json = await tessera(['tenant', 'create', s, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: 'CONFLICT', message: `A tenant with slug "${s}" already exists`, details: [{ pointer: '/slug', message: 'is taken' }] },
    });
  });

  it('refuses an invalid slug, email or password with exit 1, each with its pointer', async () => {
    const run = await tessera(['tenant', 'create', 'Not_A_Slug', '--admin-email', 'nope', '--admin-password', 'short']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Invalid tenant/);
    expect(run.stderr).toContain('  /slug: ');
    expect(run.stderr).toContain('  /adminEmail: ');
    expect(run.stderr).toContain('  /adminPassword: ');
    expect(run.stderr).not.toMatch(STACK);
  });

  it('list shows the tenants', async () => {
    const s = await newTenant();
    const json = await tessera(['tenant', 'list', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const { tenants } = JSON.parse(json.stdout) as { tenants: { id: string; slug: string }[] };
    expect(tenants.map((t) => t.slug)).toContain(s);
    const text = await tessera(['tenant', 'list']);
    expect(text.stdout).toMatch(new RegExp(`^${s}\\s+\\S+$`, 'm'));
  });

  it('reports an unreachable database without a stack trace', async () => {
    const run = await tessera(['tenant', 'list'], { DATABASE_URL: `postgres://u:secret@127.0.0.1:${await freePort()}/db` });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1/);
    expect(run.stderr).not.toContain('secret');
    expect(run.stderr).not.toMatch(STACK);
  });
});

describe('tessera metadata, on a server (TESSERA_URL + TESSERA_API_KEY)', () => {
  it('applies a document, pulls it back, and applying the pulled document changes nothing', async () => {
    const s = await newTenant();
    const file = await writeJson(`${s}.json`, DOCUMENT);

    const applied = await tessera(['metadata', 'apply', file, '--tenant', s, '--json'], onServer(s));
    expect(applied.code, applied.stderr).toBe(0);
    const plan = JSON.parse(applied.stdout);
    expect(plan.dryRun).toBe(false);
    expect(plan.version).toBe(1);
    const actions = plan.changes.map((c: { action: string; object: string; field?: string }) => `${c.action} ${c.object}${c.field ? `.${c.field}` : ''}`);
    expect(actions).toEqual(expect.arrayContaining(['createObject account', 'createObject contact', 'createField contact.account', 'createField account.name']));
    const lookup = plan.changes.find((c: { field?: string }) => c.field === 'account');
    expect(lookup.statements.join('\n')).toMatch(/FOREIGN KEY/);

    const pulled = await tessera(['metadata', 'pull', '--tenant', s], onServer(s));
    expect(pulled.code, pulled.stderr).toBe(0);
    const document = JSON.parse(pulled.stdout);
    expect(Object.keys(document)).toEqual(['objects', 'roles', 'permissionSets', 'groups', 'sharingRules', 'listViews', 'dashboards', 'apps', 'duplicateRules', 'validationRules', 'scripts', 'businessCalendars', 'forecasts']);
    expect(document.objects.map((o: { name: string }) => o.name)).toEqual(['account', 'contact']);
    expect(document.objects[1].fields.find((f: { name: string }) => f.name === 'account')).toMatchObject({ type: 'lookup', target: 'account' });
    expect(pulled.stdout).toContain('\n  "objects": ['); // pretty-printed

    const again = await tessera(['metadata', 'apply', await writeJson(`${s}-pulled.json`, pulled.stdout), '--tenant', s, '--json'], onServer(s));
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ dryRun: false, version: 1, changes: [] });

    // --out writes the same document to a file; the human plan says there is nothing to do.
    const out = path.join(tmp.dir, `${s}-out.json`);
    const written = await tessera(['metadata', 'pull', '--tenant', s, '--out', out], onServer(s));
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('Wrote 2 objects');
    expect(JSON.parse(await fs.readFile(out, 'utf8'))).toEqual(document);
    const text = await tessera(['metadata', 'apply', out, '--tenant', s], onServer(s));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('No changes');
  });

  it('metadata push is apply by its pull-and-push name: a pushed document pulls back the same', async () => {
    const s = await newTenant();
    const file = await writeJson(`${s}-push.json`, DOCUMENT);
    const dry = await tessera(['metadata', 'push', file, '--tenant', s, '--dry-run', '--json'], onServer(s));
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).dryRun).toBe(true);
    const pushed = await tessera(['metadata', 'push', file, '--tenant', s, '--json'], onServer(s));
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ dryRun: false, version: 1 });
    const pulled = JSON.parse((await tessera(['metadata', 'pull', '--tenant', s], onServer(s))).stdout);
    expect(pulled.objects.map((o: { name: string }) => o.name)).toEqual(['account', 'contact']);
    const again = await tessera(['metadata', 'push', await writeJson(`${s}-pushed.json`, pulled), '--tenant', s, '--json'], onServer(s));
    expect(JSON.parse(again.stdout)).toEqual({ dryRun: false, version: 1, changes: [] });
    const help = await tessera(['metadata', 'push', '--help'], {});
    expect(help.stdout).toContain('tessera metadata push <file.json>');
    expect((await tessera(['metadata', 'push'], {})).code).toBe(2);
  });

  it('pulls and applies every kind: a whole configuration moves to another tenant and back the same', async () => {
    const people = async (s: string) => {
      const id = (await platform.pool.query('select id from tessera.tenants where slug = $1', [s])).rows[0].id;
      await platform.pool.query(`insert into tessera.users (tenant_id, email, name) values ($1, 'ann@cli.test', 'Ann')`, [id]);
    };
    const a = await newTenant();
    await people(a);
    const applied = await tessera(['metadata', 'apply', await writeJson(`${a}-full.json`, FULL), '--tenant', a], onServer(a));
    expect(applied.code, applied.stderr).toBe(0);
    for (const line of ['createObject deal', 'createRole manager', 'createRole rep', 'createPermissionSet exporters', 'createGroup team', 'createSharingRule bigDeals', 'createListView deal/Open deals', 'createDashboard Pipeline', 'createApp sales', 'createDuplicateRule sameDeal', 'createScript dealDefaults']) {
      expect(applied.stdout, line).toContain(`  ${line}`);
    }
    const pulledA = await tessera(['metadata', 'pull', '--tenant', a], onServer(a));
    expect(pulledA.code, pulledA.stderr).toBe(0);
    const documentA = JSON.parse(pulledA.stdout);
    expect(Object.fromEntries(Object.entries(documentA).map(([k, v]) => [k, (v as unknown[]).length]))).toEqual({ objects: 1, roles: 2, permissionSets: 1, groups: 1, sharingRules: 1, listViews: 1, dashboards: 1, apps: 1, duplicateRules: 1, validationRules: 1, scripts: 1, businessCalendars: 1, forecasts: 1 });
    expect(documentA.groups).toEqual(FULL.groups);
    expect(documentA.scripts).toEqual([{ ...FULL.scripts[0], language: 'TS' }]);

    // A dry run on an empty tenant plans every kind and changes nothing.
    const b = await newTenant();
    await people(b);
    const file = await writeJson(`${a}-pulled.json`, pulledA.stdout);
    const dry = await tessera(['metadata', 'apply', file, '--tenant', b, '--dry-run', '--json'], onServer(b));
    expect(dry.code, dry.stderr).toBe(0);
    expect(new Set(JSON.parse(dry.stdout).changes.map((c: { kind: string }) => c.kind))).toEqual(new Set(['object', 'role', 'permissionSet', 'group', 'sharingRule', 'listView', 'dashboard', 'app', 'duplicateRule', 'validationRule', 'script', 'businessCalendar', 'forecast']));
    expect(JSON.parse((await tessera(['metadata', 'pull', '--tenant', b], onServer(b))).stdout)).toEqual(EMPTY);

    const again = await tessera(['metadata', 'apply', file, '--tenant', b], onServer(b));
    expect(again.code, again.stderr).toBe(0);
    const out = path.join(tmp.dir, `${b}-out.json`);
    const written = await tessera(['metadata', 'pull', '--tenant', b, '--out', out], onServer(b));
    expect(written.stdout).toContain('Wrote 1 objects, 2 roles, 1 permissionSets, 1 groups, 1 sharingRules, 1 listViews, 1 dashboards, 1 apps, 1 duplicateRules, 1 validationRules, 1 scripts, 1 businessCalendars, 1 forecasts of');
    expect(await fs.readFile(out, 'utf8')).toBe(pulledA.stdout);
    expect((await tessera(['metadata', 'apply', out, '--tenant', b], onServer(b))).stdout).toContain('No changes');
  });

  it('prints the plan with each change and its DDL', async () => {
    const s = await newTenant();
    const run = await tessera(['metadata', 'apply', await writeJson(`${s}.json`, DOCUMENT), '--tenant', s], onServer(s));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Applied \d+ changes to .+: metadata version 1\./);
    expect(run.stdout).toContain('  createObject account');
    expect(run.stdout).toContain('  createField contact.account');
    expect(run.stdout).toMatch(/CREATE TABLE .*"account"/);
  });

  it('--dry-run shows the plan and changes nothing', async () => {
    const s = await newTenant();
    const file = await writeJson(`${s}.json`, DOCUMENT);
    const dry = await tessera(['metadata', 'apply', file, '--tenant', s, '--dry-run', '--json'], onServer(s));
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.dryRun).toBe(true);
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(JSON.parse((await tessera(['metadata', 'pull', '--tenant', s], onServer(s))).stdout)).toEqual(EMPTY);

    // On live metadata too: a dry-run of an added field leaves the pulled document as it was.
    expect((await tessera(['metadata', 'apply', file, '--tenant', s], onServer(s))).code).toBe(0);
    const before = (await tessera(['metadata', 'pull', '--tenant', s], onServer(s))).stdout;
    const more = structuredClone(DOCUMENT);
    more.objects![0].fields!.push({ name: 'phone', type: 'phone' });
    const text = await tessera(['metadata', 'apply', await writeJson(`${s}-more.json`, more), '--tenant', s, '--dry-run'], onServer(s));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Dry run: 1 change for .+ \(nothing was changed\)/);
    expect(text.stdout).toContain('createField account.phone');
    expect((await tessera(['metadata', 'pull', '--tenant', s], onServer(s))).stdout).toBe(before);
  });

  it('refuses an invalid document with exit 1 and the JSON pointer of the problem', async () => {
    const s = await newTenant();
    const bad = { objects: [{ name: 'deal', fields: [{ name: 'amount', type: 'nope' }] }] };
    const run = await tessera(['metadata', 'apply', await writeJson(`${s}-bad.json`, bad), '--tenant', s], onServer(s));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toContain('  /objects/0/fields/0/type: ');
    expect(run.stderr).not.toMatch(STACK);

    const ghost = { objects: [{ name: 'deal', fields: [{ name: 'partner', type: 'lookup', target: 'ghost' }] }] };
    const json = await tessera(['metadata', 'apply', await writeJson(`${s}-ghost.json`, ghost), '--tenant', s, '--json'], onServer(s));
    expect(json.code).toBe(1);
    const { error } = JSON.parse(json.stdout);
    expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
    expect(error.details.map((d: { pointer: string }) => d.pointer)).toContain('/objects/0/fields/0/target');
    expect(JSON.parse((await tessera(['metadata', 'pull', '--tenant', s], onServer(s))).stdout)).toEqual(EMPTY);
  });

  it('refuses a file that is missing or not JSON, and an unknown tenant', async () => {
    const s = await newTenant();
    const missing = await tessera(['metadata', 'apply', path.join(tmp.dir, 'missing.json'), '--tenant', s], onServer(s));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const broken = await tessera(['metadata', 'apply', await writeJson('broken.json', '{"objects": ['), '--tenant', s], onServer(s));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('is not valid JSON');
    // A key belongs to one tenant: naming another one is refused, not quietly ignored.
    const other = await tessera(['metadata', 'pull', '--tenant', slug('nobody')], onServer(s));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(new RegExp(`^error: The API key of TESSERA_API_KEY belongs to tenant "${s}", but --tenant names "nobody-`));
    const viaEnv = await tessera(['metadata', 'pull'], { ...onServer(s), TESSERA_TENANT: 'elsewhere' });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr).toContain('but TESSERA_TENANT names "elsewhere"');
  });

  it('acts as the key\'s user: a key without manageMetadata is refused FORBIDDEN, and nothing changes', async () => {
    const s = await newTenant();
    const id = (await platform.pool.query('select id from tessera.tenants where slug = $1', [s])).rows[0].id;
    const user = (await platform.pool.query(`insert into tessera.users (tenant_id, email, name) values ($1, 'viewer@cli.test', 'Viewer') returning id`, [id])).rows[0].id;
    const { key } = await createApiKey(platform.orm, id, user);
    const run = await tessera(['metadata', 'apply', await writeJson(`${s}-viewer.json`, DOCUMENT), '--json'], { TESSERA_URL: server.url, TESSERA_API_KEY: key });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('FORBIDDEN');
    expect(JSON.parse((await tessera(['metadata', 'pull'], onServer(s))).stdout)).toEqual(EMPTY);
  });
});

describe('tessera metadata, on the database directly', () => {
  it('--database-url: applies and pulls, as the system; an unknown tenant is named', async () => {
    const s = await newTenant();
    const url = inject('databaseUrl');
    const applied = await tessera(['metadata', 'apply', await writeJson(`${s}-db.json`, DOCUMENT), '--tenant', s, '--database-url', url, '--json'], {});
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).version).toBe(1);
    const pulled = await tessera(['metadata', 'pull', '--tenant', s, '--database-url', url], {});
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout).objects.map((o: { name: string }) => o.name)).toEqual(['account', 'contact']);
    // The flag wins over a server in the environment.
    const flagWins = await tessera(['metadata', 'pull', '--tenant', s, '--database-url', url], { TESSERA_URL: 'http://127.0.0.1:9', TESSERA_API_KEY: 'tsk_x' });
    expect(flagWins.code, flagWins.stderr).toBe(0);
    const unknown = await tessera(['metadata', 'pull', '--tenant', slug('nobody')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: There is no tenant "nobody-/);
  });

  it('--database-url: a document with kinds only plugins know (workflows) applies, the default plugins loaded for it', async () => {
    const s = await newTenant();
    const url = inject('databaseUrl');
    const document = { objects: [{ name: 'deal', fields: [{ name: 'name', type: 'text' }] }], workflows: [{ name: 'touch', object: 'deal', trigger: { type: 'manual' }, steps: [{ id: 'up', type: 'update', data: { name: 'touched' } }] }] };
    const applied = await tessera(['metadata', 'apply', await writeJson(`${s}-wf.json`, document), '--tenant', s, '--database-url', url, '--json'], {});
    expect(applied.code, applied.stderr).toBe(0);
    const { rows } = await platform.pool.query("select name from tessera.config_items where kind = 'workflow' and tenant_id = (select id from tessera.tenants where slug = $1)", [s]);
    expect(rows.map((r) => r.name)).toEqual(['touch']);
  });

  it('needs --tenant (or TESSERA_TENANT) when there are several tenants', async () => {
    const s = await newTenant();
    await newTenant();
    const run = await tessera(['metadata', 'pull']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: There are several tenants .*--tenant <slug> or TESSERA_TENANT/);
    const viaEnv = await tessera(['metadata', 'pull'], { DATABASE_URL: inject('databaseUrl'), TESSERA_TENANT: s });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toEqual(EMPTY);
  });
});

describe('tessera on an embedded data directory (--data-dir)', () => {
  /** A data directory as the server leaves it after its first start: a PostgreSQL cluster with Tessera's tables, stopped. */
  async function serverDataDir(): Promise<{ dataDir: string; port: number }> {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tessera-cli-embedded-'));
    await fs.chmod(dataDir, 0o755);
    const port = await freePort();
    const db = await startEmbeddedPostgres({ dataDir, port });
    try {
      await (await openPlatform({ databaseUrl: db.url })).close();
    } finally {
      await db.stop();
    }
    return { dataDir, port };
  }

  it('starts the PostgreSQL of an existing data directory, creates and lists a tenant, and stops it again', async () => {
    const { dataDir, port } = await serverDataDir();
    try {
      const env = { TESSERA_PG_PORT: String(port) };
      const s = slug();
      const created = await tessera(['tenant', 'create', s, '--json', '--data-dir', dataDir], env);
      expect(created.code, created.stderr).toBe(0);
      const { tenant } = JSON.parse(created.stdout);
      expect(tenant.slug).toBe(s);
      await expect(fs.access(path.join(dataDir, 'pg', 'postmaster.pid'))).rejects.toThrow(); // stopped again

      const listed = await tessera(['tenant', 'list', '--json'], { ...env, TESSERA_DATA_DIR: dataDir });
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual({ tenants: [{ id: tenant.id, slug: s }] });

      // The only tenant needs no --tenant.
      const pulled = await tessera(['metadata', 'pull', '--data-dir', dataDir], env);
      expect(pulled.code, pulled.stderr).toBe(0);
      expect(JSON.parse(pulled.stdout)).toEqual(EMPTY);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
