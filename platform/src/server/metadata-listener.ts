import type { Logger } from 'pino';
import { listen } from '../events/index.ts';
import { METADATA_CHANNEL } from '../metadata/index.ts';
import type { ModelCache } from '../tenancy/model-cache.ts';
import { SECURITY_CHANNEL, type SecurityCache } from '../security/cache.ts';

/**
 * Listens for committed metadata changes of any process (other servers, the CLI) and marks those
 * tenants' cached APIs stale. If the connection drops, notifications may have been missed: every
 * cached version is then re-checked (at the drop and again once reconnected), and the listener reconnects.
 */
export function listenForMetadataChanges(databaseUrl: string, schemas: ModelCache, security: SecurityCache, logger: Logger): { close(): Promise<void> } {
  const forgetAll = () => {
    schemas.invalidateAll();
    security.invalidateAll();
  };
  return listen(databaseUrl, {
    [METADATA_CHANNEL]: (payload) => {
      const [tenantId, version] = payload.split(':');
      if (tenantId) schemas.invalidate(tenantId, Number(version) || undefined);
    },
    [SECURITY_CHANNEL]: (payload) => {
      const [tenantId] = payload.split(':');
      if (tenantId) security.invalidate(tenantId);
    },
  }, forgetAll, logger, { name: 'metadata listener', onDrop: forgetAll });
}
