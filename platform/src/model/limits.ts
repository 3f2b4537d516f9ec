import { PlatformError } from '../errors/index.ts';

/** Per-tenant limits of the data API (tenant settings override the defaults within platform maxima). */
export interface ApiLimits {
  maxDepth: number;
  defaultPageSize: number;
  maxPageSize: number;
  /** Estimated records a query may return across all its nested lists. */
  maxCost: number;
  statementTimeoutMs: number;
  maxBatchSize: number;
  /** Records one request may create or change across all its mutations (aliases included). */
  maxRowsPerRequest: number;
  /** Conditions (object fields) in one filter argument. */
  maxFilterTerms: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxDepth: 10,
  defaultPageSize: 100,
  maxPageSize: 500,
  maxCost: 50_000,
  statementTimeoutMs: 15_000,
  maxBatchSize: 10_000,
  maxRowsPerRequest: 10_000,
  maxFilterTerms: 1_000,
};

const PLATFORM_MAXIMA: ApiLimits = {
  maxDepth: 20,
  defaultPageSize: 1000,
  maxPageSize: 5000,
  maxCost: 1_000_000,
  statementTimeoutMs: 120_000,
  maxBatchSize: 50_000,
  maxRowsPerRequest: 50_000,
  maxFilterTerms: 10_000,
};

const memo = new WeakMap<object, ApiLimits>();

/** The tenant's limits from its settings (memoized per settings object: principals carry theirs, read on every request). */
export function limitsFrom(settings: Record<string, unknown> | undefined): ApiLimits {
  if (!settings) return computeLimits(settings);
  let limits = memo.get(settings);
  if (!limits) {
    limits = Object.freeze(computeLimits(settings));
    memo.set(settings, limits);
  }
  return limits;
}

function computeLimits(settings: Record<string, unknown> | undefined): ApiLimits {
  const given = (settings?.limits ?? {}) as Partial<Record<keyof ApiLimits, unknown>>;
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ApiLimits)[]) {
    const v = given[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) limits[key] = Math.min(v, PLATFORM_MAXIMA[key]);
  }
  return limits;
}

export function limitExceeded(limit: keyof ApiLimits, value: number, max: number, what: string): PlatformError {
  return new PlatformError('LIMIT_EXCEEDED', `${what}: ${value} exceeds the limit ${limit} = ${max}`, { extensions: { limit, value, max } });
}
