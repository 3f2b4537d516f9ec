const valid = new Map<string, boolean>();

/** Whether `name` is an IANA time zone this process knows (memoized). */
function known(name: string): boolean {
  let ok = valid.get(name);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      ok = true;
    } catch {
      ok = false;
    }
    if (valid.size > 1000) valid.clear();
    valid.set(name, ok);
  }
  return ok;
}

/**
 * The tenant's time zone: its `settings.timeZone` (an IANA name such as `Asia/Shanghai`) when it is
 * one, else UTC. Dates a tenant's records are given by the platform (an auto-number's {YYYY}{MM}{DD})
 * are written in it.
 */
export function tenantTimeZone(settings: Record<string, unknown> | null | undefined): string {
  const zone = settings?.timeZone;
  return typeof zone === 'string' && zone.length <= 64 && known(zone) ? zone : 'UTC';
}
