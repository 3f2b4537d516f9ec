import type { Actor } from '../../changes/index.ts';
import { PlatformError } from '../../errors/index.ts';
import type { Capability } from '../../security/model.ts';
import type { MetadataContext } from './builder.ts';

/**
 * Whether the caller holds an admin capability: through their role or a permission set; administrators
 * hold them all. Read from the caller's rights at the tenant's current security version (not from the
 * principal an API key or session cached), so that a change of rights counts at once.
 */
export function hasCapability(ctx: MetadataContext, capability: Capability): boolean {
  return ctx.security.bypass || ctx.security.capabilities.has(capability);
}

/** Refuses with FORBIDDEN unless the caller is an administrator. */
export function requireAdmin(ctx: MetadataContext, why: string): void {
  if (ctx.security.bypass) return;
  throw new PlatformError('FORBIDDEN', `Only an administrator may ${why}`);
}

/** Refuses with FORBIDDEN unless the caller holds the capability. */
export function requireCapability(ctx: MetadataContext, capability: Capability): void {
  if (hasCapability(ctx, capability)) return;
  throw new PlatformError('FORBIDDEN', `This needs the ${capability} capability`);
}

/** The caller as the author of a configuration change: who, through which door, with which rights. */
export function actorOf(ctx: MetadataContext): Actor {
  return { userId: ctx.principal.userId, via: ctx.principal.via, rights: ctx.security };
}
