import http from 'node:http';
import pg from 'pg';
import { bulkSql, byIdSql, listSql } from './handwritten-sql.ts';

/**
 * The ideal endpoint: node `http` + `pg`, one prepared statement per request whose JSON PostgreSQL
 * builds; the text goes out as is. Small request bodies are parsed; the bulk body is passed to
 * PostgreSQL unparsed. Env: DATABASE_URL, BENCH_SCHEMA, PORT.
 */
const schema = `"${process.env.BENCH_SCHEMA}"`;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: '-c TimeZone=UTC' });
pool.on('error', () => {});

const routes: Record<string, (body: string) => pg.QueryConfig> = {
  '/list': (body) => {
    const { status, source, first } = JSON.parse(body);
    return { name: 'list', text: listSql(schema), values: [status, source, first] };
  },
  '/lead': (body) => ({ name: 'lead', text: byIdSql(schema), values: [JSON.parse(body).id] }),
  '/bulk': (body) => ({ name: 'bulk', text: bulkSql(schema), values: [body] }),
};

const server = http.createServer((req, res) => {
  const route = routes[req.url ?? ''];
  if (!route || req.method !== 'POST') return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    try {
      const result = await pool.query({ ...route(Buffer.concat(chunks).toString()), rowMode: 'array' });
      const text: string = result.rows[0][0];
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    } catch (error) {
      const text = JSON.stringify({ errors: [{ message: (error as Error).message }] });
      res.writeHead(500, { 'content-type': 'application/json' }).end(text);
    }
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`BENCH_PORT=${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  pool.end().then(() => process.exit(0));
});
