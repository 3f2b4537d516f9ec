import { PlatformError } from '../../errors/index.ts';
import type { Capability } from '../../security/model.ts';
import type { MetadataContext } from './builder.ts';

/** Whether the caller holds an admin capability: through their role or a permission set; administrators hold them all. */
export function hasCapability(ctx: MetadataContext, capability: Capability): boolean {
  return ctx.principal.isAdmin || ctx.security.capabilities.has(capability);
}

/** Refuses with FORBIDDEN unless the caller holds the capability. */
export function requireCapability(ctx: MetadataContext, capability: Capability): void {
  if (hasCapability(ctx, capability)) return;
  throw new PlatformError('FORBIDDEN', `This needs the ${capability} capability`);
}
