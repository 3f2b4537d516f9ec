import { PlatformError } from '../../errors/index.ts';
import type { Capability } from '../../security/model.ts';
import type { MetadataContext } from './builder.ts';

/** Whether the caller holds an admin capability. For now: administrators hold them all. */
export function hasCapability(ctx: MetadataContext, _capability: Capability): boolean {
  return ctx.principal.isAdmin;
}

/** Refuses with FORBIDDEN unless the caller holds the capability. */
export function requireCapability(ctx: MetadataContext, capability: Capability): void {
  if (hasCapability(ctx, capability)) return;
  throw new PlatformError('FORBIDDEN', `This needs the ${capability} capability`);
}
