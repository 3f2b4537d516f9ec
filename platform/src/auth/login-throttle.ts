export interface ThrottleRule {
  /** Failures allowed within the window; one more is refused until the oldest of them leaves it. */
  max: number;
  windowMs: number;
}

export interface ThrottleOptions {
  perAccount: ThrottleRule;
  perIp: ThrottleRule;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  perAccount: { max: 5, windowMs: 15 * 60_000 },
  perIp: { max: 30, windowMs: 15 * 60_000 },
};

const SWEEP_AT = 50_000;

/** Recent failure times per key (a sliding log holding at most `max` entries). */
class FailureLog {
  private readonly rule: ThrottleRule;
  private readonly failures = new Map<string, number[]>();

  constructor(rule: ThrottleRule) {
    this.rule = rule;
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(key: string, now: number): number {
    const times = this.failures.get(key);
    if (!times || times.length < this.rule.max) return 0;
    const freeAt = times[0] + this.rule.windowMs;
    return freeAt > now ? Math.ceil((freeAt - now) / 1000) : 0;
  }

  fail(key: string, now: number): void {
    if (this.failures.size >= SWEEP_AT) this.sweep(now);
    const times = this.failures.get(key);
    if (!times) return void this.failures.set(key, [now]);
    times.push(now);
    while (times.length > this.rule.max || (times.length && times[0] + this.rule.windowMs <= now)) times.shift();
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  reset(): void {
    this.failures.clear();
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) if (times[times.length - 1] + this.rule.windowMs <= now) this.failures.delete(key);
  }
}

/**
 * Login throttling, in memory (per process): at most `perAccount.max` failed sign-ins per account
 * (tenant + email) and `perIp.max` per client address within the window. Once over, every attempt
 * is refused (even with the right password) until the window has passed.
 */
export class LoginThrottle {
  private readonly accounts: FailureLog;
  private readonly ips: FailureLog;

  constructor(options: ThrottleOptions = DEFAULT_THROTTLE) {
    this.accounts = new FailureLog(options.perAccount);
    this.ips = new FailureLog(options.perIp);
  }

  /** Seconds to wait before this account may try again from this address; 0 when it may now. */
  retryAfter(account: string, ip: string, now = Date.now()): number {
    return Math.max(this.accounts.retryAfter(account, now), this.ips.retryAfter(ip, now));
  }

  failed(account: string, ip: string, now = Date.now()): void {
    this.accounts.fail(account, now);
    this.ips.fail(ip, now);
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  succeeded(account: string): void {
    this.accounts.clear(account);
  }

  reset(): void {
    this.accounts.reset();
    this.ips.reset();
  }
}
