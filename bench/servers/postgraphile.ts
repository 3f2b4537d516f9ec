import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

/** PostGraphile 5 (Amber + connection filter) on the tenant's schema. Env: DATABASE_URL, BENCH_SCHEMA, PORT. */
const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: [process.env.BENCH_SCHEMA!], poolConfig: { max: 10 } })],
  grafserv: { graphiql: false, maxRequestLength: 64 * 1024 * 1024 },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
await pgl.getSchema();
const server = createServer();
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
await pgl.createServ(grafserv).addTo(server);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`BENCH_PORT=${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  Promise.resolve(pgl.release()).then(() => process.exit(0), () => process.exit(1));
});
