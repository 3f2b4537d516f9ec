import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect } from 'vitest';
import { canonicalText, checkExpression, compileSql, evaluateRaw, type CheckOptions, type CheckedExpression, type EvaluationContext, type ExprType } from '../../src/expressions/index.ts';
import { fieldType } from '../../src/field-types/registry.ts';
import type { ResolvedField } from '../../src/metadata/definitions.ts';
import type { CatalogObject, TenantCatalog } from '../../src/metadata/catalog.ts';
import { buildModel, type SchemaModel } from '../../src/model/model.ts';
import { testDatabaseUrl } from '../support/server.ts';

/**
 * Two objects with a field of every type expressions read (and two they cannot), as real tables in
 * a schema of their own on the suite's PostgreSQL: what the expression tests run both back ends over.
 */
const field = (name: string, type: string, extra: Partial<ResolvedField> = {}): ResolvedField => {
  const authored: ResolvedField = { name, type, label: { en: name }, required: false, unique: false, ...extra };
  return fieldType(type).resolve?.(authored) ?? authored;
};

export const FIELDS = {
  account: [
    field('name', 'text'), field('industry', 'select', { options: [{ value: 'Tech', label: { en: 'Tech' } }, { value: '制造', label: { en: 'Manufacturing' } }] }),
    field('employees', 'integer'), field('founded', 'date'), field('location', 'geolocation'), field('parent', 'lookup', { target: 'account' }),
  ],
  lead: [
    field('name', 'text'), field('score', 'number'), field('count', 'integer'), field('amount', 'currency'), field('rate', 'percent'),
    field('active', 'boolean'), field('closeDate', 'date'), field('seenAt', 'dateTime'), field('location', 'geolocation'),
    field('account', 'lookup', { target: 'account' }), field('status', 'select', { options: [{ value: 'New', label: { en: 'New' } }, { value: '已成交', label: { en: 'Won' } }] }),
    field('email', 'email'), field('notes', 'longText'), field('tags', 'multiSelect', { options: [{ value: 'a', label: { en: 'a' } }] }), field('data', 'json'),
  ],
} as const;

export function fixtureModel(schema: string): SchemaModel {
  const objects = new Map<string, CatalogObject>();
  for (const [name, fields] of Object.entries(FIELDS)) {
    objects.set(name, {
      id: randomUUID(), tableName: name, fields: new Map(fields.map((f) => [f.name, { id: randomUUID(), definition: f }])),
      definition: { name, label: { en: name }, pluralLabel: { en: `${name}s` }, fields: [...fields], indexes: [] },
    });
  }
  const catalog: TenantCatalog = { tenantId: randomUUID(), schema, version: 1, objects, scripts: [], duplicateRules: [], validationRules: [] };
  return buildModel(catalog);
}

const SYSTEM_COLUMNS = '"id" uuid primary key, "createdAt" timestamptz not null default now(), "updatedAt" timestamptz not null default now(), "createdBy" uuid, "updatedBy" uuid, "ownerId" uuid, "deletedAt" timestamptz';

export interface ExpressionDb {
  pool: pg.Pool;
  schema: string;
  model: SchemaModel;
  /** Inserts records given as API values (lookups as ids); returns their ids. */
  insert(object: keyof typeof FIELDS, records: readonly Record<string, unknown>[]): Promise<string[]>;
  close(): Promise<void>;
}

export async function expressionDb(): Promise<ExpressionDb> {
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  const schema = `expr_${randomBytes(4).toString('hex')}`;
  await pool.query(`create schema "${schema}"`);
  for (const [name, fields] of Object.entries(FIELDS)) {
    const columns = fields.flatMap((f) => fieldType(f.type).columns(f).map((c) => `"${c.column}" ${c.sqlType}`));
    await pool.query(`create table "${schema}"."${name}" (${SYSTEM_COLUMNS}, ${columns.join(', ')})`);
  }
  const model = fixtureModel(schema);
  return {
    pool, schema, model,
    async insert(object, records) {
      if (!records.length) return [];
      const fields = FIELDS[object];
      const columns = ['id', 'createdAt', 'ownerId', 'deletedAt', ...fields.flatMap((f) => fieldType(f.type).columns(f).map((c) => c.column))];
      const params: unknown[] = [];
      const rows = records.map((r) => {
        const values = [r.id ?? randomUUID(), r.createdAt ?? new Date().toISOString(), r.owner ?? null, r.deletedAt ?? null, ...fields.flatMap((f) => fieldType(f.type).toColumns(r[f.name] ?? null, f))];
        return `(${values.map((v) => (params.push(v === null || typeof v !== 'object' || Array.isArray(v) ? v : JSON.stringify(v)), `$${params.length}`)).join(', ')})`;
      });
      const res = await pool.query(`insert into "${schema}"."${object}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.join(', ')} returning id`, params);
      return res.rows.map((row) => row.id as string);
    },
    async close() {
      await pool.query(`drop schema "${schema}" cascade`);
      await pool.end();
    },
  };
}

export function mustCheck(model: SchemaModel, source: string, options: Partial<CheckOptions> = {}): CheckedExpression {
  const result = checkExpression(source, { model, object: 'lead', ...options });
  if (!result.ok) throw new Error(`${source}: ${JSON.stringify(result.problems)}`);
  return result.expression;
}

/** A value's canonical text in SQL: what canonicalText gives for it in JavaScript. */
export function canonicalSql(sql: string, type: ExprType): string {
  switch (type) {
    case 'number':
      return `(trim_scale(${sql})::text)`;
    case 'date':
      return `to_char(${sql}, 'YYYY-MM-DD')`;
    case 'datetime':
      return `to_char((${sql}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'geo':
      return `((${sql})[0]::text || ',' || (${sql})[1]::text)`;
    default:
      return `(${sql})::text`;
  }
}

/** Geolocations print their floats differently (PostgreSQL `1e-05`, JavaScript `0.00001`): compared as numbers. */
export function normalize(text: string | null, type: ExprType): string | null {
  if (text === null || type !== 'geo') return text;
  return text.split(',').map((part) => String(Number(part))).join(',');
}

export interface Case {
  expression: CheckedExpression;
  /** The record's id in the lead table, and its API form with lookups as nested records. */
  id: string;
  record: Record<string, unknown>;
  context: EvaluationContext;
  /** Rules: the prior record's id (its API form is context.prior). */
  priorId?: string | null;
}

/**
 * Evaluates many cases in ONE statement (a scalar subquery per case over its record) and in
 * JavaScript; returns both canonical texts per case.
 */
export async function runBoth(db: ExpressionDb, cases: readonly Case[]): Promise<{ sql: (string | null)[]; js: (string | null)[] }> {
  const params: unknown[] = [];
  const writer = { param: (value: unknown, cast?: string) => (params.push(value), cast ? `$${params.length}::${cast}` : `$${params.length}`) };
  const selects = cases.map((c, i) => {
    const prior = c.priorId === undefined ? undefined : c.priorId === null ? null : { alias: 'p0' };
    const compiled = compileSql(c.expression, db.model, { writer, alias: 't0', now: c.context.now, timeZone: c.context.timeZone, user: c.context.user, prior });
    const from = `"${db.schema}"."lead" "t0"${prior ? `, "${db.schema}"."lead" "p0"` : ''}`;
    const where = `"t0"."id" = ${writer.param(c.id, 'uuid')}${prior ? ` and "p0"."id" = ${writer.param(c.priorId, 'uuid')}` : ''}`;
    return `(select ${canonicalSql(compiled.sql, compiled.type)} from ${from} where ${where}) as "c${i}"`;
  });
  const res = await db.pool.query({ text: `select ${selects.join(', ')}`, values: params, rowMode: 'array' });
  const sql = (res.rows[0] as (string | null)[]).map((v, i) => normalize(v, cases[i].expression.type));
  const js = cases.map((c) => normalize(canonicalText(evaluateRaw(c.expression, c.record, c.context), c.expression.type), c.expression.type));
  return { sql, js };
}

export const NOW = new Date('2026-03-15T10:20:30.456Z');

/**
 * Checks an expression against one record (API values; `account` nested) in both back ends and
 * returns the one answer they agree on.
 */
export async function both(db: ExpressionDb, source: string, lead: Record<string, unknown> = {}, options: { context?: Partial<EvaluationContext>; check?: Partial<CheckOptions>; prior?: Record<string, unknown> | null } = {}): Promise<string | null> {
  const expression = mustCheck(db.model, source, options.check);
  const { record, id } = await insertLead(db, lead);
  let priorId: string | null | undefined;
  let prior: Record<string, unknown> | null | undefined;
  if (options.prior !== undefined) {
    if (options.prior === null) priorId = null;
    else ({ id: priorId, record: prior } = await insertLead(db, options.prior));
  }
  const context: EvaluationContext = { now: NOW, ...options.context, prior };
  const { sql, js } = await runBoth(db, [{ expression, id, record, context, priorId }]);
  expect(js[0], `${source}: JavaScript and SQL differ`).toBe(sql[0]);
  return js[0];
}

/** Inserts a lead (and its nested account chain) and returns its API form with the nested records. */
export async function insertLead(db: ExpressionDb, lead: Record<string, unknown>): Promise<{ id: string; record: Record<string, unknown> }> {
  const account = lead.account as Record<string, unknown> | null | undefined;
  const record: Record<string, unknown> = { ...lead, id: lead.id ?? randomUUID() };
  if (account && typeof account === 'object') {
    const nested = await insertAccount(db, account);
    record.account = nested;
  }
  const flat = { ...record, account: record.account && typeof record.account === 'object' ? (record.account as { id: string }).id : (record.account ?? null) };
  await db.insert('lead', [flat]);
  return { id: record.id as string, record };
}

async function insertAccount(db: ExpressionDb, account: Record<string, unknown>): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = { ...account, id: account.id ?? randomUUID() };
  const parent = account.parent as Record<string, unknown> | null | undefined;
  if (parent && typeof parent === 'object') record.parent = await insertAccount(db, parent);
  const flat = { ...record, parent: record.parent && typeof record.parent === 'object' ? (record.parent as { id: string }).id : (record.parent ?? null) };
  await db.insert('account', [flat]);
  return record;
}
