import type { SecurityContext } from '../security/model.ts';

/**
 * Who makes a configuration change, and through which door: the one actor type of every kind
 * (objects, scripts, security, list views, dashboards, API keys). The tenant is the change's own.
 */
export interface Actor {
  /** Null: the system (a template, a migration, the CLI). */
  userId: string | null;
  via: 'api' | 'studio' | 'cli' | 'template' | 'system';
  /**
   * The author's rights, for a change made through an API: what it may open or grant is bounded by
   * them (security/openness.ts, security/guard.ts). Absent: the system, which may do anything.
   */
  rights?: SecurityContext;
}

/** The system acting through the CLI or a template: no user, every right. */
export const systemActor = (via: Actor['via'] = 'system'): Actor => ({ userId: null, via });
