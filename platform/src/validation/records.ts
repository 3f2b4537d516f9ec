import { auditPlan, rowValues } from '../audit/values.ts';
import { tenantTimeZone } from '../clock/time-zone.ts';
import type { CheckedExpression, EvaluationContext, Typed } from '../expressions/index.ts';
import type { ObjectModel } from '../model/model.ts';
import type { OperationContext } from '../operations/context.ts';
import { qualified } from '../storage/sql/quote.ts';

type Values = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * API values of live records by id (every stored field, the owner, the id), read as the system: a
 * rule or a default reads what it names whatever the caller may read (its text is the
 * administrator's, and a refusal shows only the rule's own message). One query; `lock` locks the
 * rows as the write will.
 */
export async function readRecords(ctx: OperationContext, object: ObjectModel, ids: string[], lock = false): Promise<Map<string, Values>> {
  if (ids.length === 0) return new Map();
  const plan = auditPlan(object, ctx.model.schema);
  const { rows } = await ctx.db.query(
    `select ${plan.select} from ${qualified(ctx.model.schema, object.catalog.tableName)} where id = any($1::uuid[]) and "deletedAt" is null${lock ? ' for update' : ''}`, [ids]);
  return new Map(rows.map((row) => [row.id as string, { ...rowValues(plan, row), id: row.id }]));
}

/** Lookups followed by expressions, as a tree: the lookup field, the object it points to, what is followed from there. */
type Followed = Map<string, { target: string; next: Followed }>;

function followed(expressions: readonly CheckedExpression[]): Followed {
  const root: Followed = new Map();
  const walk = (node: Typed): void => {
    if (node.kind === 'call') node.args.forEach(walk);
    if (node.kind !== 'field' || node.prior) return;
    let level = root;
    for (const step of node.ref.via) {
      let entry = level.get(step.field);
      if (!entry) level.set(step.field, (entry = { target: step.target, next: new Map() }));
      level = entry.next;
    }
  };
  for (const e of expressions) walk(e.root);
  return root;
}

/**
 * Puts in place of each lookup the expressions follow (`terminal` in `terminal.location`) the record
 * it points to, so the JavaScript back end can read through it: level by level, one query per
 * lookup field and level whatever the number of records. A lookup to no live record becomes null
 * (what the SQL back end's join gives). The records are changed in place: pass copies.
 */
export async function nestLookups(ctx: OperationContext, records: Values[], expressions: readonly CheckedExpression[]): Promise<void> {
  const nest = async (level: Values[], tree: Followed): Promise<void> => {
    for (const [field, { target, next }] of tree) {
      const object = ctx.model.objects.get(target);
      const ids = [...new Set(level.map((r) => r[field]).filter((v): v is string => typeof v === 'string'))];
      const loaded = object ? await readRecords(ctx, object, ids) : new Map<string, Values>();
      if (next.size) await nest([...loaded.values()], next);
      for (const record of level) if (typeof record[field] === 'string') record[field] = loaded.get(record[field] as string) ?? null;
    }
  };
  const tree = followed(expressions);
  if (tree.size) await nest(records, tree);
}

/** `$User`'s properties (USER_PROPERTIES: id, name, email, locale, role, managerId, isAdmin), read once per batch that needs them. */
async function userValues(ctx: OperationContext): Promise<Values> {
  const p = ctx.principal;
  const fallback = { id: p.userId ?? null, name: p.userName ?? null, email: null, locale: p.locale ?? null, role: null, managerId: null, isAdmin: p.isAdmin === true };
  if (typeof p.userId !== 'string' || !UUID.test(p.userId)) return fallback;
  const { rows } = await ctx.db.query(
    `select u.id::text, u.name, u.email, u.locale, r.name as role, u.manager_id::text as "managerId", u.is_admin as "isAdmin"
     from tessera.users u left join tessera.roles r on r.id = u.role_id where u.tenant_id = $1 and u.id = $2::uuid`, [p.tenantId, p.userId]);
  return rows[0] ?? fallback;
}

/** What the back end evaluates with: the pipeline's clock (a test clock moves TODAY), the tenant's time zone, `$User` when read. */
export async function evaluationContext(ctx: OperationContext, expressions: readonly CheckedExpression[]): Promise<EvaluationContext> {
  const user = expressions.some((e) => e.usesUser) ? await userValues(ctx) : undefined;
  return { now: ctx.pipeline.clock.now(), timeZone: tenantTimeZone(ctx.principal.settings), user };
}
