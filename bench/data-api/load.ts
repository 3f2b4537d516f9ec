import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, connection errors and time-outs. */
  failures: number;
}

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  /** A new body for each request (e.g. a different id each time). */
  body: () => string;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

/**
 * `seconds` of load from 10 connections with autocannon, in this process. Latencies come from
 * autocannon's per-response event (sub-millisecond; its own histogram keeps whole milliseconds).
 */
export async function load(spec: LoadSpec, seconds: number, connections = 10): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options: autocannon.Options = {
      url: spec.url,
      connections,
      duration: seconds,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json', ...spec.headers }, setupRequest: (req) => ({ ...req, body: spec.body() }) }],
    };
    const instance = autocannon(options, (error, res) => (error ? reject(error) : resolve(res)));
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / (result.duration || seconds),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
