import type pg from 'pg';
import { configItemsOf, definePlugin, PlatformError, type Plugin, type PluginServices, type RouteCall, type RouteResponse, type SchemaModel } from '@tessera/platform';
import { moveToPool, objectPools, poolOf } from '../pools/index.ts';
import { DEFAULT_RATE, type WebFormItem } from './definition.ts';
import { webFormKind } from './kind.ts';
import { RateWindows, rateMigrations, retryAfter } from './rate.ts';
import { onInputs, postedInputs, recordOf } from './submit.ts';

const SLUG = /^[a-z][a-z0-9-]{1,62}$/;

/** The tenant a slug names, and its model (cached per metadata version by the platform). */
async function tenantOf(pool: pg.Pool, services: PluginServices, slug: string): Promise<{ tenantId: string; model: SchemaModel } | null> {
  if (!SLUG.test(slug)) return null;
  const { rows } = await pool.query<{ id: string }>('select id from tessera.tenants where slug = $1', [slug]);
  if (!rows[0]) return null;
  return { tenantId: rows[0].id, model: await services.model(rows[0].id) };
}

const formsOf = (model: SchemaModel) => configItemsOf<WebFormItem>(model, 'webForm');

/** CORS headers for an origin the form allows (none for others: the browser then keeps the answer from the script). */
function cors(form: WebFormItem | undefined, origin: string | undefined): Record<string, string> {
  if (!form || !origin || !(form.allowedOrigins ?? []).includes(origin)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600', Vary: 'Origin' };
}

/**
 * Web-to-lead forms as a plugin: the kind `webForms` and the public route `POST /forms/<tenant
 * slug>/<form name>` (also `/plugins/webforms/…`). A post creates a record of the form's object as
 * the system, via `webForm`, through the one save pipeline: validation rules, duplicate rules and
 * reactivation (a post matching a pooled lead reactivates it), pools, assignment and dispatch apply
 * as on any create; there is no daily cap. Spam is held off by rate windows (per client address and
 * per form, counted in PostgreSQL: shared by every server process) and a honeypot input (filled:
 * answered as a success, nothing stored).
 */
export function createWebFormsPlugin(): Plugin {
  const held: { services?: PluginServices; pool?: pg.Pool } = {};
  const windows = new RateWindows();

  async function find(call: RouteCall) {
    const { tenant, form } = call.request.params;
    const found = await tenantOf(held.pool!, call, tenant);
    const item = found && formsOf(found.model).find((f) => f.name === form && f.active !== false);
    if (!found || !item) throw new PlatformError('NOT_FOUND', `No web form ${form} in ${tenant}`, { details: [{ pointer: '/form', message: 'no such form' }] });
    return { ...found, form: item };
  }

  async function submit(call: RouteCall): Promise<RouteResponse> {
    const { tenantId, model, form } = await find(call);
    const headers = cors(form, call.request.headers.origin);
    const contentType = call.request.headers['content-type'];
    const now = call.clock.now();
    const perIp = form.rateLimit?.perIp ?? DEFAULT_RATE.perIp;
    const perForm = form.rateLimit?.perForm ?? DEFAULT_RATE.perForm;
    const byIp = { key: `${form.name}:${call.request.ip ?? '?'}`, rate: perIp };
    const full = await windows.take(held.pool!, tenantId, [byIp, { key: form.name, rate: perForm }], now);
    if (full) {
      const what = full === byIp ? 'this address' : 'this form';
      throw new PlatformError('LIMIT_EXCEEDED', `Too many posts from ${what}: at most ${full.rate.count} per ${full.rate.per}`, { details: [{ pointer: '', message: 'rate limit' }], extensions: { rule: full === byIp ? 'perIp' : 'perForm', retryAfter: retryAfter(full.rate, now) } });
    }
    const inputs = postedInputs(call.request.body, contentType);
    const browser = /x-www-form-urlencoded/i.test(contentType ?? '');
    const success = (): RouteResponse => (browser && form.successRedirect
      ? { status: 303, headers: { ...headers, Location: form.successRedirect } }
      : { status: 200, headers, body: { ok: true, message: form.successMessage ?? { en: 'Thank you.', zh: '谢谢。' } } });
    // A bot fills every input it sees; a person never sees the honeypot. Answer as a success so the bot learns nothing.
    const bait = form.honeypot ? inputs[form.honeypot] : undefined;
    if (bait !== undefined && bait !== null && bait !== '') return success();
    const object = model.objects.get(form.object);
    if (!object) throw new PlatformError('NOT_FOUND', `No web form ${form.name}`, { details: [{ pointer: '/form', message: 'its object is gone' }] });
    const data = { ...recordOf(form, object, inputs), ...(object.fields.has('owner') ? { owner: null } : {}) };
    const db = await held.pool!.connect();
    try {
      await db.query('begin');
      const { op, api } = await call.asSystem(tenantId, db, { via: 'webForm' });
      const record = (await api.create(form.object, data)) as { id: string };
      // Into the form's pool when it is not where the record landed (a new, public record in the default pool).
      if (form.pool && objectPools(model, form.object).length) {
        const at = await poolOf(op, form.object, record.id);
        if (at && at.owner === null && at.pool !== form.pool) await moveToPool(op, form.object, [record.id], form.pool, { action: 'TRANSFER', reason: `webForm:${form.name}` });
      }
      await db.query('commit');
    } catch (error) {
      await db.query('rollback').catch(() => undefined);
      throw onInputs(error, form);
    } finally {
      db.release();
    }
    return success();
  }

  return definePlugin({
    name: 'webforms', version: '0.1.0', label: { en: 'Web forms', zh: '网页表单' },
    requires: { pools: '^0.1.0' },
    description: 'Public web-to-lead forms: POST /forms/<tenant>/<form> creates a record through the save pipeline, with a honeypot and rate limits.',
    metadataKinds: [webFormKind()],
    migrations: rateMigrations,
    routes: [
      { method: 'POST', path: '/:tenant/:form', auth: 'public', handler: submit },
      {
        method: 'OPTIONS', path: '/:tenant/:form', auth: 'public',
        async handler(call) {
          const { form } = await find(call);
          return { status: 204, headers: cors(form, call.request.headers.origin) };
        },
      },
    ],
    setup(services, platform) { held.services = services; held.pool = platform.pool; },
  });
}
