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

const wait = (bucket: Bucket, limit: BucketLimit) => Math.max(1, Math.ceil((1 - bucket.tokens) / limit.rate));

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

  reset(): void {
    this.keys.clear();
    this.tenants.clear();
  }
}
