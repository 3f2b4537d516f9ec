import type pg from 'pg';
import { evaluate, findDuplicates, isPlatformError, PlatformError, updateMatching, uuidv7, type CommandCall, type ErrorDetail, type FoundDuplicate, type SchemaModel } from '@tessera/platform';
import { inputValues } from '../input-values.ts';
import { compiled } from '../workflows/values.ts';
import { isExpr, isField, isTarget, type ConversionItem, type MappedValue } from './definition.ts';
import { conversionsTable } from './tables.ts';

/** What the caller may say per target: pick an existing record (merge into it), skip an optional one, override mapped values. */
export interface TargetInput { existing?: string; skip?: boolean; values?: Record<string, unknown> }
export interface ConvertInput { preview?: boolean; allowDuplicates?: boolean; targets?: Record<string, TargetInput> }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The command's input JSON Schema (checked by the platform before the command runs). */
export const convertInputSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    preview: { type: 'boolean', description: 'Answer the mapped values and the duplicates of each target, write nothing.' },
    allowDuplicates: { type: 'boolean', description: 'Keep targets that WARN duplicate rules match (BLOCK rules still refuse).' },
    targets: {
      type: 'object', maxProperties: 10,
      additionalProperties: {
        type: 'object', additionalProperties: false,
        properties: { existing: { type: 'string' }, skip: { type: 'boolean' }, values: { type: 'object', maxProperties: 200 } },
      },
    },
  },
};

const blank = (v: unknown) => v === null || v === undefined || v === '';

function mappedValue(model: SchemaModel, c: ConversionItem, source: Record<string, unknown>, v: MappedValue, ids: Map<string, string | null>, now: Date): unknown {
  if (isField(v)) return source[v.field] ?? null;
  if (isExpr(v)) return evaluate(compiled(model, c.object, v.expr), source, { now });
  if (isTarget(v)) return ids.get(v.target) ?? null;
  return v.value;
}

/** A refusal of one target's write, re-pointed under `/input/targets/<name>` and naming the target. */
function underTarget(error: unknown, name: string): unknown {
  if (!isPlatformError(error)) return error;
  const details: ErrorDetail[] = error.details.map((d) => ({ ...d, pointer: `/input/targets/${name}/values${(d.pointer ?? '').replace(/^\/data(\/\d+)?/, '')}` }));
  return new PlatformError(error.code, `Converting into ${name}: ${error.message}`, { details, extensions: { ...error.extra, target: name } });
}

/**
 * Converts one record by its object's active conversion, as the caller, in the caller's
 * transaction (the request's): each target in order is created (or the picked existing one merged
 * into: its blank fields take the mapped values, overrides are written), through the one save
 * pipeline — rights, validation rules, duplicate rules (a BLOCK match refuses with the match so the
 * user can pick it; WARN ones too unless `allowDuplicates`), history, events; then the source's
 * fields are set, its children moved (as the system: the caller may convert a lead whose other
 * reps' activities they cannot edit), and the conversion recorded. Any refusal rolls all of it back.
 */
export async function convert(call: CommandCall, c: ConversionItem, pool: pg.Pool): Promise<unknown> {
  const { op, api } = call;
  const input = (call.input ?? {}) as ConvertInput;
  const model = op.model;
  const now = call.clock.now();
  const source = await api.get(c.object, call.id);
  if (!source) throw new PlatformError('NOT_FOUND', `No ${c.object} ${call.id}`, { details: [{ pointer: '/id', message: 'no such record' }] });
  const done = await op.db.query(`select id from ${conversionsTable(model.schema)} where object = $1 and record_id = $2`, [c.object, call.id]);
  if (done.rowCount) throw new PlatformError('CONFLICT', `The ${c.object} ${call.id} is already converted`, { details: [{ pointer: '/id', message: 'already converted' }], extensions: { conversion: done.rows[0].id } });
  const known = new Set(c.targets.map((t) => t.name));
  for (const [name, t] of Object.entries(input.targets ?? {})) {
    if (!known.has(name)) throw new PlatformError('BAD_USER_INPUT', `The conversion ${c.name} has no target "${name}"`, { details: [{ pointer: `/input/targets/${name}`, message: `no such target (${[...known].join(', ')})` }] });
    if (t.existing !== undefined && !UUID.test(t.existing)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(t.existing)} is not a record id (a UUID)`, { details: [{ pointer: `/input/targets/${name}/existing`, message: 'is not a UUID' }] });
    if (t.existing !== undefined && t.skip) throw new PlatformError('BAD_USER_INPUT', `The target ${name} is both picked and skipped`, { details: [{ pointer: `/input/targets/${name}/skip`, message: 'a picked target cannot be skipped' }] });
  }
  const ids = new Map<string, string | null>();
  const out: Record<string, { object: string; id: string | null; created: boolean; values: Record<string, unknown>; duplicates?: FoundDuplicate[] }> = {};
  for (const target of c.targets) {
    const asked = input.targets?.[target.name] ?? {};
    const at = `/input/targets/${target.name}`;
    if (asked.skip && target.required) throw new PlatformError('BAD_USER_INPUT', `The target ${target.name} is required`, { details: [{ pointer: `${at}/skip`, message: 'required: pick an existing record or create one' }] });
    if (asked.skip) { ids.set(target.name, null); out[target.name] = { object: target.object, id: null, created: false, values: {} }; continue; }
    const mapped: Record<string, unknown> = {};
    for (const [field, v] of Object.entries(target.fields)) mapped[field] = mappedValue(model, c, source, v, ids, now);
    const values = { ...inputValues(model, target.object, mapped), ...(asked.values ?? {}) };
    if (asked.existing) {
      const existing = await api.get(target.object, asked.existing);
      if (!existing) throw new PlatformError('NOT_FOUND', `No ${target.object} ${asked.existing}`, { details: [{ pointer: `${at}/existing`, message: 'no such record' }] });
      // Merging: the existing record keeps what it has; blanks take the mapped values; overrides win.
      const merge = Object.fromEntries(Object.entries(values).filter(([f, v]) => (asked.values && f in asked.values) || (blank(existing[f]) && !blank(v))));
      if (!input.preview && Object.keys(merge).length) {
        try { await api.update(target.object, asked.existing, merge); } catch (e) { throw underTarget(e, target.name); }
      }
      ids.set(target.name, asked.existing);
      out[target.name] = { object: target.object, id: asked.existing, created: false, values: merge };
      continue;
    }
    if (input.preview) {
      const duplicates = await findDuplicates({ model, limits: op.limits, security: op.security, pool }, { object: target.object, data: Object.fromEntries(Object.entries(values).filter(([, v]) => !blank(v))) }).catch(() => []);
      ids.set(target.name, null);
      out[target.name] = { object: target.object, id: null, created: false, values, duplicates };
      continue;
    }
    let created: Record<string, unknown>;
    try { created = (await api.create(target.object, values, { allowDuplicates: input.allowDuplicates === true })) as Record<string, unknown>; } catch (e) { throw underTarget(e, target.name); }
    ids.set(target.name, created.id as string);
    out[target.name] = { object: target.object, id: created.id as string, created: true, values };
  }
  if (input.preview) return { conversion: c.name, preview: true, targets: out };
  const set = inputValues(model, c.object, Object.fromEntries(Object.entries(c.source?.set ?? {}).map(([f, v]) => [f, mappedValue(model, c, source, v, ids, now)])));
  if (Object.keys(set).length) {
    try { await api.update(c.object, call.id, set); } catch (e) { throw isPlatformError(e) ? new PlatformError(e.code, `Marking the ${c.object} converted: ${e.message}`, { details: e.details.map((d) => ({ ...d, pointer: `/source${(d.pointer ?? '').replace(/^\/data/, '')}` })), extensions: e.extra }) : e; }
  }
  const moved: Record<string, number> = {};
  if (c.moves?.length) {
    const { op: system } = await call.asSystem(model.tenantId, op.db, { actorId: op.principal.userId, via: op.via });
    for (const m of c.moves) {
      const object = model.objects.get(m.object);
      const data = Object.fromEntries(Object.entries(m.set).map(([f, t]) => [f, ids.get(t) ?? null]).filter(([, v]) => v !== null));
      if (!object || !Object.keys(data).length) continue;
      const changed = await updateMatching(system, object, { [m.lookup]: { id: { eq: call.id } } }, data, { allowDuplicates: true });
      moved[m.object] = (moved[m.object] ?? 0) + changed.length;
    }
  }
  const targets = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { object: v.object, id: v.id, created: v.created }]));
  const id = uuidv7();
  await op.db.query(`insert into ${conversionsTable(model.schema)} (id, conversion, object, record_id, targets, target_ids, actor_id, at) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [id, c.name, c.object, call.id, JSON.stringify(targets), [...ids.values()].filter((v): v is string => !!v), op.principal.userId ?? null, now]);
  return { id, conversion: c.name, targets, moved };
}
