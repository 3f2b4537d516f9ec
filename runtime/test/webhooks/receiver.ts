import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received { id: string; attempt: number; body: any; signed: boolean; timestamp: string }

/**
 * A webhook receiver as a customer would write one: verifies the signature over the raw body,
 * answers what `answer` says (a status code per delivery and attempt), records what it got.
 */
export async function startReceiver(secret: string, answer: (r: Received, n: number) => number = () => 200) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-tessera-signature'] ?? ''));
      const r: Received = {
        id: String(req.headers['x-tessera-delivery']), attempt: Number(req.headers['x-tessera-attempt']), body: JSON.parse(raw.toString()),
        signed: given.length === expected.length && timingSafeEqual(given, expected), timestamp: String(req.headers['x-tessera-timestamp']),
      };
      got.push(r);
      res.statusCode = r.signed ? answer(r, got.filter((g) => g.id === r.id).length) : 401;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
