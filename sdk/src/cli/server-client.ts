import { ERROR_CODES, PlatformError, type ErrorCode, type ErrorDetail } from '@tessera/platform/errors';

/**
 * The CLI's client for a Tessera server's GraphQL endpoints (`/metadata`, `/graphql`). Everything that
 * can go wrong becomes a PlatformError a person can act on: a server that cannot be reached or is not
 * a Tessera server is SERVICE_UNAVAILABLE (exit 3), a refused key UNAUTHENTICATED (exit 4), and a
 * refusal by the server keeps the server's own code, message and JSON pointers.
 */

export interface ServerTarget {
  /** Base URL, no trailing slash. */
  url: string;
  apiKey: string;
  /** Where the key came from, for messages: `profile "default"`, `TESSERA_API_KEY`, `--api-key`. */
  keySource: string;
}

/** Checks and normalizes a server URL: http(s), no query or fragment, no trailing slash (a path prefix is kept). */
export function normalizeUrl(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** True for a URL whose key would cross a network in clear text (plain http to anything but this machine). */
export function isCleartextRemote(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(hostname) && !hostname.endsWith('.localhost');
}

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, and on this port?)',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
};

/** Why fetch failed, in words (undici puts the system error in `cause`). */
function networkReason(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code && UNREACHABLE[code]) return UNREACHABLE[code];
  if (code && /CERT|SSL|TLS/.test(code)) return `its TLS certificate was refused (${code})`;
  return cause?.message || (error as Error).message || String(error);
}

interface GraphQLErrorBody {
  message?: string;
  extensions?: { code?: string; errors?: ErrorDetail[]; [key: string]: unknown };
}

/** A refusal the server answered with, as the PlatformError it was on the server. */
export function serverError(target: ServerTarget, status: number, errors: GraphQLErrorBody[]): PlatformError {
  const first = errors[0];
  const reported = first.extensions?.code;
  const code: ErrorCode = reported && reported in ERROR_CODES ? (reported as ErrorCode) : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
  const details = errors.flatMap((e) => (Array.isArray(e.extensions?.errors) ? e.extensions.errors : []));
  const message = first.message ?? `The server answered ${status}`;
  if (code === 'UNAUTHENTICATED') {
    return new PlatformError(code, `${target.url} refused the API key of ${target.keySource} (${message}): it may have been revoked. Run "tessera login --url ${target.url} --api-key <key>" with a valid key`);
  }
  const extra = { ...first.extensions };
  delete extra.code;
  delete extra.errors;
  if (code === 'SERVICE_UNAVAILABLE') return new PlatformError(code, `${target.url} is up but cannot serve the request: ${message}`, { details, extensions: extra });
  return new PlatformError(code, message, { details, extensions: extra });
}

export interface RequestOptions {
  /** Milliseconds to wait for the whole answer. */
  timeoutMs: number;
}

/** POSTs one GraphQL operation and returns its `data`, or throws the refusal as a PlatformError. */
export async function graphqlRequest<T>(target: ServerTarget, endpoint: '/metadata' | '/graphql', query: string, variables: Record<string, unknown> | undefined, options: RequestOptions): Promise<T> {
  const where = `${target.url}${endpoint}`;
  let res: Response;
  let text: string;
  try {
    res = await fetch(where, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${target.apiKey}`, 'user-agent': 'tessera-cli' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
    text = await res.text();
  } catch (error) {
    throw new PlatformError('SERVICE_UNAVAILABLE', `Cannot reach the Tessera server at ${target.url}: ${networkReason(error)}`, { cause: error });
  }
  let body: { data?: T | null; errors?: GraphQLErrorBody[] } | undefined;
  const type = res.headers.get('content-type') ?? '';
  if (/json/.test(type)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  const isGraphQL = body && typeof body === 'object' && ('data' in body || Array.isArray(body.errors));
  if (!isGraphQL) {
    throw new PlatformError('SERVICE_UNAVAILABLE', `${target.url} does not look like a Tessera server: POST ${endpoint} answered ${res.status} ${type.split(';')[0] || 'without a content type'} (check the URL)`);
  }
  if (body!.errors?.length) throw serverError(target, res.status, body!.errors);
  return body!.data as T;
}
