import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A dedicated LISTEN connection for some channels. It reconnects once a second after a drop (one
 * attempt at a time) and calls `onConnect` each time it is (re)established, since notifications sent
 * meanwhile are lost: the caller then looks for work it may have missed. `onDrop` runs as soon as an
 * established connection ends (a cache that trusts notifications stops trusting itself then).
 */
export function listen(databaseUrl: string, channels: Record<string, (payload: string) => void>, onConnect: () => void, logger?: Logger, options: { name?: string; onDrop?: () => void } = {}): { close(): Promise<void> } {
  const name = options.name ?? 'kernel listener';
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const reconnect = () => {
    if (closed || retry) return;
    retry = setTimeout(() => { retry = undefined; void connect(); }, 1000);
  };
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('notification', (msg) => channels[msg.channel]?.(msg.payload ?? ''));
    c.on('error', (err) => logger?.warn({ err }, `${name} connection error`));
    c.on('end', () => {
      if (closed) return;
      options.onDrop?.();
      if (client === c) client = undefined;
      reconnect();
    });
    try {
      await c.connect();
      for (const channel of Object.keys(channels)) await c.query(`listen ${channel}`);
      client = c;
      onConnect();
    } catch (err) {
      logger?.warn({ err }, `${name} could not connect; retrying`);
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
