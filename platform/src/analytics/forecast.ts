import { PlatformError } from '../errors/index.ts';
import { tenantTimeZone } from '../clock/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel } from '../model/index.ts';
import type { OperationContext } from '../operations/index.ts';
import type { Filter } from '../query/index.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';
import { leastSquares, parsePeriod, shift, type Period } from './period.ts';
import { reportTarget, visibleIds } from './scope.ts';
import { historyTable, type StageField } from './stages.ts';
import type { ForecastItem } from './targets-kind.ts';

const NUMERIC = new Set(['currency', 'number', 'integer']);

/** The forecast's settings for an object: its `forecasts` item, else defaults (first tracked field, a field named `amount`). */
export function settingsFor(om: ObjectModel, item: ForecastItem | undefined): { stageField?: string; amountField: string; closeDateField?: string; historyPeriods: number } {
  const fields = om.catalog.definition.fields;
  const amount = item?.amountField ?? (fields.find((f) => f.name === 'amount' && NUMERIC.has(f.type)) ?? fields.find((f) => f.type === 'currency'))?.name;
  if (!amount) throw new PlatformError('BAD_USER_INPUT', `${om.name} has no amount to forecast: add a forecasts item naming its amountField`, { details: [{ pointer: '/object', message: 'no amount field' }] });
  return { stageField: item?.stageField, amountField: amount, closeDateField: item?.closeDateField, historyPeriods: item?.historyPeriods ?? 12 };
}

/** A stage's probability (0–100): its option's `probability`; else won 100, lost 0, and the i-th of n open steps i/(n+1) of the way. */
export function probabilities(stage: StageField): Map<string, number> {
  const open = stage.steps.filter((s) => !stage.won.includes(s));
  const out = new Map<string, number>();
  for (const option of stage.field.options ?? []) {
    const fallback = option.outcome === 'won' ? 100 : option.outcome === 'lost' ? 0 : ((open.indexOf(option.value) + 1) / (open.length + 1)) * 100;
    out.set(option.value, typeof option.probability === 'number' ? option.probability : fallback);
  }
  return out;
}

/**
 * `forecast(object, period)`, over the records the caller may read (each part's records are the
 * ids planned and scoped by the one access transform):
 * - `pipeline`: the open records (stage neither won nor lost; with a `closeDateField`, those
 *   expected to close in the period) by stage: count, amount, probability, amount × probability;
 * - `closed`: what was won in the period so far (a record is won when it first entered a won stage,
 *   by its stage history);
 * - `regression`: won amounts of the `historyPeriods` periods before (from the first with a sale),
 *   a least-squares line through them, and its value at the period;
 * - `targets`: per rep named by the object's `forecasts` item for this period, the target, what
 *   they won in it (records they own now) and attainment = attained / target.
 */
export async function forecast(op: OperationContext, input: { object: string; period: string }, now: Date, item: ForecastItem | undefined): Promise<Record<string, unknown>> {
  const om0 = op.model.objects.get(input.object);
  if (!om0) throw new PlatformError('BAD_USER_INPUT', `There is no object ${JSON.stringify(input.object)}`, { details: [{ pointer: '/object', message: 'unknown object' }] });
  const settings = settingsFor(om0, item);
  const { om, stage, scope } = reportTarget(op, input.object, settings.stageField, { object: '/object', field: '/object' });
  const timeZone = tenantTimeZone(op.principal.settings);
  const period = parsePeriod(input.period, now, timeZone);
  const amountField = om.catalog.definition.fields.find((f) => f.name === settings.amountField);
  if (!amountField || !NUMERIC.has(amountField.type)) throw new PlatformError('BAD_USER_INPUT', `${om.name}.${settings.amountField} is no number or currency field`, { details: [{ pointer: '/object', message: 'no amount field' }] });
  scope.checkFieldUse(om.name, amountField.name, '/object');
  if (settings.closeDateField) scope.checkFieldUse(om.name, settings.closeDateField, '/object');
  const t = qualified(op.model.schema, om.catalog.tableName);
  const amount = `t.${quoteIdent(fieldType(amountField.type).columns(amountField)[0].column)}`;
  const stageColumn = `t.${quoteIdent(stage.field.name)}`;
  const probability = probabilities(stage);

  // The weighted pipeline: the open records by stage.
  const open = stage.steps.filter((s) => !stage.won.includes(s));
  const openFilter: Filter | null = settings.closeDateField ? { [settings.closeDateField]: { gte: period.day, lt: period.nextDay } } : null;
  const ids = visibleIds(op, om.name, openFilter);
  const n = ids.params.length;
  const { rows: stages } = await op.db.query<{ stage: string; count: number; amount: string | null }>(
    `select ${stageColumn} as stage, count(*)::int as count, sum(${amount}) as amount from ${t} t where t.id in (${ids.text}) and ${stageColumn} = any($${n + 1}::text[]) group by 1`,
    [...ids.params, open]);
  const byStage = new Map(stages.map((r) => [r.stage, r]));
  const pipelineStages = open.map((s) => {
    const row = byStage.get(s);
    const sum = Number(row?.amount ?? 0);
    return { stage: s, probability: probability.get(s)!, count: row?.count ?? 0, amount: sum, weighted: (sum * probability.get(s)!) / 100 };
  });

  // Won amounts per period and owner, from the first entry into a won stage.
  const first = shift(period, -settings.historyPeriods);
  const all = visibleIds(op, om.name, null);
  const m = all.params.length;
  const { rows: won } = await op.db.query<{ period: string; owner: string | null; amount: string | null; count: number }>(
    `select to_char(date_trunc($${m + 4}, w.at at time zone $${m + 6}), 'YYYY-MM-DD') as period, t."ownerId" as owner, sum(${amount}) as amount, count(*)::int as count
       from ${t} t join (select h."recordId", min(h."enteredAt") as at from ${historyTable(op.model.schema)} h where h."fieldId" = $${m + 1} and h."stage" = any($${m + 2}::text[]) group by h."recordId") w on w."recordId" = t.id
      where t.id in (${all.text}) and w.at >= $${m + 3} and w.at < $${m + 5}
      group by 1, 2`,
    [...all.params, stage.fieldId, stage.won, first.start.toISOString(), period.grain, period.end.toISOString(), timeZone]);
  const series: Period[] = [];
  for (let p = first; p.start < period.start; p = shift(p, 1)) series.push(p);
  const sumAt = (p: Period, owner?: string) => won.filter((r) => r.period === p.day && (owner === undefined || r.owner === owner)).reduce((a, r) => a + Number(r.amount ?? 0), 0);
  const countAt = (p: Period) => won.filter((r) => r.period === p.day).reduce((a, r) => a + r.count, 0);
  let points = series.map((p) => ({ period: p.label, amount: sumAt(p), count: countAt(p) }));
  const firstSale = points.findIndex((p) => p.count > 0);
  points = firstSale < 0 ? [] : points.slice(firstSale);
  const line = leastSquares(points.map((p) => p.amount), points.length);

  const targets = await targetsOf(op, item, period, (owner) => sumAt(period, owner));
  const pipelineTotal = pipelineStages.reduce((a, s) => a + s.amount, 0);
  const weighted = pipelineStages.reduce((a, s) => a + s.weighted, 0);
  return {
    object: om.name,
    stageField: stage.field.name,
    amountField: amountField.name,
    period: { label: period.label, grain: period.grain, start: period.start.toISOString(), end: period.end.toISOString(), timeZone },
    pipeline: { count: pipelineStages.reduce((a, s) => a + s.count, 0), amount: pipelineTotal, weighted, stages: pipelineStages },
    closed: { amount: sumAt(period), count: countAt(period) },
    regression: { points, slope: line?.slope ?? null, intercept: line?.intercept ?? null, forecast: line?.value ?? null },
    targets,
  };
}

/** The period's targets of the forecasts item, each rep by e-mail, with what they won in it. */
async function targetsOf(op: OperationContext, item: ForecastItem | undefined, period: Period, attainedBy: (owner: string) => number) {
  const mine = (item?.targets ?? []).filter((x) => parsePeriod(x.period, period.start, period.timeZone).label === period.label);
  if (mine.length === 0) return [];
  const { rows } = await op.db.query<{ id: string; email: string; name: string | null }>(
    'select id, email, name from tessera.users where tenant_id = $1 and lower(email) = any($2::text[])', [op.model.tenantId, mine.map((x) => x.user.toLowerCase())]);
  const users = new Map(rows.map((u) => [u.email.toLowerCase(), u]));
  return mine.map((x) => {
    const user = users.get(x.user.toLowerCase());
    const attained = user ? attainedBy(user.id) : 0;
    return { user: x.user, userId: user?.id ?? null, name: user?.name ?? null, target: x.amount, attained, attainment: x.amount > 0 ? attained / x.amount : null };
  });
}
