import pg from 'pg';
import type { Logger } from 'pino';
import { METADATA_CHANNEL } from '../metadata/index.ts';
import type { ModelCache } from '../tenancy/model-cache.ts';
import { SECURITY_CHANNEL, type SecurityCache } from '../security/cache.ts';

/**
 * Listens for committed metadata changes of any process (other servers, the CLI) and marks those
 * tenants' cached APIs stale. If the connection drops, notifications may have been missed: every
 * cached version is then re-checked, and the listener reconnects.
 */
export function listenForMetadataChanges(databaseUrl: string, schemas: ModelCache, security: SecurityCache, logger: Logger): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  // One reconnection pending at a time: a failed attempt ends its client too, and both paths would
  // otherwise schedule their own retry (doubling the attempts every second of an outage).
  const reconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => { retry = undefined; void connect(); }, 1000);
  };
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('notification', (msg) => {
      const [tenantId, version] = (msg.payload ?? '').split(':');
      if (!tenantId) return;
      if (msg.channel === SECURITY_CHANNEL) security.invalidate(tenantId);
      else schemas.invalidate(tenantId, Number(version) || undefined);
    });
    c.on('error', (err) => logger.warn({ err }, 'metadata listener connection error'));
    c.on('end', () => {
      if (closed) return;
      schemas.invalidateAll();
      security.invalidateAll();
      if (client === c) client = undefined;
      reconnect();
    });
    try {
      await c.connect();
      await c.query(`listen ${METADATA_CHANNEL}`);
      await c.query(`listen ${SECURITY_CHANNEL}`);
      client = c;
      schemas.invalidateAll();
      security.invalidateAll();
    } catch (err) {
      logger.warn({ err }, 'metadata listener could not connect; retrying');
      await c.end().catch(() => {});
      reconnect();
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
