import { PlatformError } from '../errors/index.ts';
import type { Principal } from './authenticate.ts';

export interface BucketLimit {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: the most requests allowed at once. */
  burst: number;
}

export interface RateLimits {
  perKey: BucketLimit;
  perTenant: BucketLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perKey: { rate: 200, burst: 400 },
  perTenant: { rate: 1000, burst: 2000 },
};

export interface RateRefusal {
  limit: 'perKeyRate' | 'perTenantRate';
  /** Whole seconds until a token is available. */
  retryAfter: number;
}

function bucketLimit(given: unknown, fallback: BucketLimit): BucketLimit {
  const g = (given ?? {}) as Partial<Record<keyof BucketLimit, unknown>>;
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return { rate: ok(g.rate) ? g.rate : fallback.rate, burst: ok(g.burst) ? Math.max(1, g.burst) : fallback.burst };
}

const parsed = new WeakMap<object, RateLimits>();

/** The tenant's limits: `settings.rateLimits.{perKey,perTenant}.{rate,burst}` over the defaults (memoized per settings object). */
export function rateLimitsFrom(settings: Record<string, unknown>): RateLimits {
  let limits = parsed.get(settings);
  if (!limits) {
    const given = (settings.rateLimits ?? {}) as Record<string, unknown>;
    limits = { perKey: bucketLimit(given.perKey, DEFAULT_RATE_LIMITS.perKey), perTenant: bucketLimit(given.perTenant, DEFAULT_RATE_LIMITS.perTenant) };
    parsed.set(settings, limits);
  }
  return limits;
}

interface Bucket {
  tokens: number;
  at: number;
}

const SWEEP_AT = 100_000;

/** Token buckets by id; a bucket is created full on first use and refilled lazily when next used. */
class Buckets {
  private readonly buckets = new Map<string, Bucket>();

  get(id: string, limit: BucketLimit, now: number): Bucket {
    let bucket = this.buckets.get(id);
    if (!bucket) {
      if (this.buckets.size >= SWEEP_AT) this.buckets.clear();
      bucket = { tokens: limit.burst, at: now };
      this.buckets.set(id, bucket);
      return bucket;
    }
    const tokens = bucket.tokens + ((now - bucket.at) / 1000) * limit.rate;
    bucket.tokens = tokens > limit.burst ? limit.burst : tokens;
    bucket.at = now;
    return bucket;
  }

  clear(): void {
    this.buckets.clear();
  }
}

const wait = (bucket: Bucket, limit: BucketLimit, needed = 1) => Math.max(1, Math.ceil((needed - bucket.tokens) / limit.rate));

/**
 * How many records (read, written or read back) a token stands for. A request takes one token
 * when it arrives; a GraphQL operation is then charged by its cost (`plan/cost.ts`): one token per
 * this many records it may touch, so 20 aliased bulk creates are not one token's worth.
 */
export const RECORDS_PER_TOKEN = 100;

/** The tokens an operation of this cost takes in all (at least the one its request took on arrival). */
export function tokensFor(cost: number): number {
  return Math.max(1, Math.ceil(cost / RECORDS_PER_TOKEN));
}

/** A refusal as the typed error every transport answers (429, Retry-After). */
export function rateLimitError(refusal: RateRefusal): PlatformError {
  const which = refusal.limit === 'perKeyRate' ? 'this API key' : 'this tenant';
  return new PlatformError('LIMIT_EXCEEDED', `Too many requests for ${which}: retry in ${refusal.retryAfter} s`, { extensions: { limit: refusal.limit, retryAfter: refusal.retryAfter } });
}

/**
 * Rate limits per API key (a studio session counts per user) and per tenant, in memory per process.
 * O(1) per request: two map lookups and a little arithmetic; a request takes a token from both
 * buckets or from neither.
 */
export class RateLimiter {
  private readonly keys = new Buckets();
  private readonly tenants = new Buckets();

  /** Takes a token for the caller; null when allowed, otherwise which limit refused and for how long. */
  take(principal: Principal, now = performance.now()): RateRefusal | null {
    const limits = rateLimitsFrom(principal.settings);
    const key = this.keys.get(principal.apiKeyId ?? principal.userId, limits.perKey, now);
    if (key.tokens < 1) return { limit: 'perKeyRate', retryAfter: wait(key, limits.perKey) };
    const tenant = this.tenants.get(principal.tenantId, limits.perTenant, now);
    if (tenant.tokens < 1) return { limit: 'perTenantRate', retryAfter: wait(tenant, limits.perTenant) };
    key.tokens -= 1;
    tenant.tokens -= 1;
    return null;
  }

  /**
   * Charges a request that already took its arrival token for the rest of its cost: `tokens` in all,
   * at most a full bucket (so the largest request the data API allows can always run on a full
   * bucket). From both buckets or from neither; null when charged.
   */
  charge(principal: Principal, tokens: number, now = performance.now()): RateRefusal | null {
    if (tokens <= 1) return null;
    const limits = rateLimitsFrom(principal.settings);
    const keyNeeds = Math.min(tokens, limits.perKey.burst) - 1;
    const tenantNeeds = Math.min(tokens, limits.perTenant.burst) - 1;
    const key = this.keys.get(principal.apiKeyId ?? principal.userId, limits.perKey, now);
    if (key.tokens < keyNeeds) return { limit: 'perKeyRate', retryAfter: wait(key, limits.perKey, keyNeeds) };
    const tenant = this.tenants.get(principal.tenantId, limits.perTenant, now);
    if (tenant.tokens < tenantNeeds) return { limit: 'perTenantRate', retryAfter: wait(tenant, limits.perTenant, tenantNeeds) };
    key.tokens -= keyNeeds;
    tenant.tokens -= tenantNeeds;
    return null;
  }

  /**
   * Takes tokens for work already done whose size was not known before (the rows a filter-based
   * bulk change reached): the buckets may go below zero, so the caller's next requests wait.
   */
  debit(principal: Principal, tokens: number, now = performance.now()): void {
    if (tokens <= 0) return;
    const limits = rateLimitsFrom(principal.settings);
    this.keys.get(principal.apiKeyId ?? principal.userId, limits.perKey, now).tokens -= Math.min(tokens, limits.perKey.burst);
    this.tenants.get(principal.tenantId, limits.perTenant, now).tokens -= Math.min(tokens, limits.perTenant.burst);
  }

  reset(): void {
    this.keys.clear();
    this.tenants.clear();
  }
}
