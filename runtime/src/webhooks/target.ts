import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';

/** Addresses a webhook may not reach unless the platform allows it: loopback, private, link-local, CGNAT, multicast, reserved. */
const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) BLOCKED.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) BLOCKED.addSubnet(prefix, bits, 'ipv6');

/** Whether the platform lets webhooks reach private and loopback addresses (a setting: tests and on-premises installs). */
export const privateAllowed = () => process.env.TESSERA_WEBHOOKS_ALLOW_PRIVATE === '1' || process.env.TESSERA_WEBHOOKS_ALLOW_PRIVATE === 'true';

export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a URL may not be a webhook's target, judged by its text (a host name is judged again at connect time), or null. */
export function urlProblem(url: string, allowPrivate = privateAllowed()): string | null {
  let parsed: URL;
  try { parsed = new URL(url); } catch { return 'not a URL'; }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'only http and https URLs';
  if (parsed.username || parsed.password) return 'no credentials in the URL (sign with the secret)';
  if (allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a loopback host';
  if (net.isIP(host) && isBlockedAddress(host)) return 'a private, loopback or reserved address';
  return null;
}

/**
 * The address a name resolves to, refused when private: checked on the very address the socket
 * connects to, so a name that resolves elsewhere on the second lookup (DNS rebinding) gains nothing.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return (callback as (e: Error) => void)(error);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isBlockedAddress(a.address));
    if (bad) return (callback as (e: Error) => void)(Object.assign(new Error(`${hostname} resolves to ${bad.address}, a private or loopback address`), { code: 'EPRIVATE' }));
    if ((options as { all?: boolean }).all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    (callback as (e: null, a: string, f: number) => void)(null, list[0].address, list[0].family);
  });
};

export interface PostResult { status: number | null; durationMs: number; error: string | null }

/** POSTs `body` to `url` with `headers` within `timeoutMs`; never throws (a failure is a result). */
export function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<PostResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): PostResult => ({ status, error, durationMs: Math.round(performance.now() - started) });
  const allow = privateAllowed();
  const problem = urlProblem(url, allow);
  if (problem) return Promise.resolve(done(null, `refused target: ${problem}`));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(target, {
      method: 'POST', timeout: timeoutMs, signal,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Tessera-Webhooks/1' },
      ...(allow ? {} : { lookup: guardedLookup }),
    }, (res) => {
      // The response's body is not kept: its code is what the log records.
      res.resume();
      res.on('end', () => resolve(done(res.statusCode ?? null, null)));
      res.on('error', (e) => resolve(done(res.statusCode ?? null, e.message)));
    });
    req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve(done(null, e.message)));
    req.end(body);
  });
}
