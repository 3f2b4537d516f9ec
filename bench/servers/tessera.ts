import { readConfig, startServer } from '@tessera/platform';

/** Tessera itself, on the bench database. Env: DATABASE_URL, PORT, LOG_LEVEL. */
const server = await startServer({ ...readConfig(), port: Number(process.env.PORT ?? 0), databaseUrl: process.env.DATABASE_URL }, { demoTenant: false });
console.log(`BENCH_PORT=${server.port}`);
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0), () => process.exit(1));
});
