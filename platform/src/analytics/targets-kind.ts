import type { ChangeTx } from '../changes/index.ts';
import type { ErrorDetail } from '../errors/index.ts';
import type { MetadataKind, Reference } from '../kinds/kind.ts';
import { changeCatalog } from '../metadata/engine.ts';
import { documentItems } from '../plugins/document-items.ts';
import { isTracked } from './stages.ts';

/** An object's forecast settings and its reps' targets (the kind `forecasts`, one item per object). */
export interface ForecastItem extends Record<string, unknown> {
  object: string;
  /** A select field with trackStages (default: the object's first). */
  stageField?: string;
  /** A number or currency field (default: `amount`, else the first currency field). */
  amountField?: string;
  /** A date field: with it, the weighted pipeline counts the open records expected to close in the period. */
  closeDateField?: string;
  /** How many periods before the forecast one the regression reads (default 12). */
  historyPeriods?: number;
  /** Per-rep targets: the rep by e-mail, a period (`2025-03`, `2025-Q2`, `2025`), an amount. */
  targets?: { user: string; period: string; amount: number }[];
}

const name = { type: 'string', minLength: 1, maxLength: 63 };
const schema = {
  title: 'Forecast settings and targets',
  description: 'How forecast(object, period) reads an object (its stage, amount and close date fields) and each rep\'s target per period, which it reports attainment against.',
  type: 'object', required: ['object'], additionalProperties: false,
  properties: {
    object: name, stageField: name, amountField: name, closeDateField: name,
    historyPeriods: { type: 'integer', minimum: 1, maximum: 120 },
    targets: {
      type: 'array', maxItems: 10000,
      items: {
        type: 'object', required: ['user', 'period', 'amount'], additionalProperties: false,
        properties: {
          user: { type: 'string', minLength: 3, maxLength: 320, description: 'The rep\'s e-mail.' },
          period: { type: 'string', pattern: '^\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$', description: '2025-03 (month), 2025-Q2 (quarter) or 2025 (year).' },
          amount: { type: 'number', minimum: 0 },
        },
      },
    },
  },
};

/** Fields must exist with the right types: a tracked select, a number or currency, a date. */
async function check(tx: ChangeTx, items: ForecastItem[]): Promise<ErrorDetail[]> {
  const catalog = await changeCatalog(tx);
  return items.flatMap((item, i): ErrorDetail[] => {
    const object = catalog.objects.get(item.object);
    if (!object) return [{ pointer: `/${i}/object`, message: `no object "${item.object}"` }];
    const problems: ErrorDetail[] = [];
    const want = (key: 'stageField' | 'amountField' | 'closeDateField', ok: (type: string, f: Record<string, unknown>) => boolean, what: string) => {
      const value = item[key];
      if (value === undefined) return;
      const field = object.fields.get(value)?.definition;
      if (!field) problems.push({ pointer: `/${i}/${key}`, message: `${item.object} has no field "${value}"` });
      else if (!ok(field.type, field)) problems.push({ pointer: `/${i}/${key}`, message: `${item.object}.${value} is no ${what}` });
    };
    want('stageField', (_t, f) => isTracked(f as never), 'select field with trackStages: true');
    want('amountField', (t) => ['currency', 'number', 'integer'].includes(t), 'number or currency field');
    want('closeDateField', (t) => t === 'date' || t === 'dateTime', 'date field');
    return problems;
  });
}

function uses(item: ForecastItem): Reference[] {
  const field = (key: 'stageField' | 'amountField' | 'closeDateField'): Reference[] => (item[key] ? [{ target: { kind: 'field', name: `${item.object}.${item[key]}` }, pointer: `/${key}`, onDelete: 'refuse', onRename: 'follow' }] : []);
  return [{ target: { kind: 'object', name: item.object }, pointer: '/object', onDelete: 'keep', onRename: 'follow' }, ...field('stageField'), ...field('amountField'), ...field('closeDateField')];
}

/**
 * The kind `forecasts` (document key): per object, which fields the forecast reads and the reps'
 * targets. Read by the forecast query only, so a change bumps no version (no API or rights change).
 */
export function forecastKind(): MetadataKind<ForecastItem> {
  return documentItems<ForecastItem>({ name: 'forecast', documentKey: 'forecasts', schema, keyOf: (item) => item.object, versions: [], capability: 'manageMetadata', after: ['object'], check, uses });
}

/** The live item of an object, read in the caller's transaction. */
export async function forecastItem(db: { query(sql: string, params?: unknown[]): Promise<{ rows: { item: ForecastItem }[] }> }, tenantId: string, object: string): Promise<ForecastItem | undefined> {
  const { rows } = await db.query(`select item from tessera.config_items where tenant_id = $1 and kind = 'forecast' and name = $2`, [tenantId, object]);
  return rows[0]?.item;
}
