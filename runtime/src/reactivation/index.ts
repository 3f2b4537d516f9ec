/**
 * Reactivation (a plugin of the runtime, on pools and workflows): kind `reactivations`; a re-inquiry
 * of a dormant or public record reactivates it instead of creating a duplicate. Installed with
 * TESSERA_PLUGINS=…,@tessera/runtime/pools,@tessera/runtime/reactivation.
 */
export { createReactivationPlugin } from './plugin.ts';
export { reactivationSchema, type ReactivationItem } from './definition.ts';
export { checkReactivation } from './kind.ts';
import { createReactivationPlugin } from './plugin.ts';
export const createPlugin = createReactivationPlugin;
