/**
 * The fixed part of a generated `client.ts`: the transport and the typed error. Kept as text (it is
 * written into the client's folder, not imported from here) so that a generated client depends on
 * nothing but `fetch`: no Node or DOM typings, nothing from this repository.
 */
export const CLIENT_RUNTIME = `import { ERROR_CODES, type ErrorCode } from './errors.ts';

/** One problem of a refusal: a JSON pointer into the input (\`/data/status\`) and what is wrong there. */
export interface ErrorDetail {
  pointer: string;
  message: string;
}

/** A refusal by the server (its \`extensions.code\` and pointers), or a server that cannot be reached. */
export class TesseraError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  /** The error's other extensions (e.g. \`retryAfter\`, a script's name and line). */
  readonly extensions: Readonly<Record<string, unknown>>;
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = 'TesseraError';
    this.code = code;
    this.details = details;
    this.extensions = extensions;
  }
}

/** The part of \`fetch\` the client uses (so it type-checks without DOM or Node typings). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

export interface ClientOptions {
  /** The server's base URL, e.g. \`http://localhost:4000\`. */
  url: string;
  apiKey: string;
  /** Defaults to the global \`fetch\`. */
  fetch?: FetchLike;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCode = (value: unknown): value is ErrorCode => typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);

function detailsOf(errors: unknown[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const listed = isRecord(error) && isRecord(error.extensions) ? error.extensions.errors : undefined;
    if (!Array.isArray(listed)) continue;
    for (const d of listed) if (isRecord(d) && typeof d.pointer === 'string' && typeof d.message === 'string') details.push({ pointer: d.pointer, message: d.message });
  }
  return details;
}

/** The server's refusal as a TesseraError: its code when it is one of the platform's, else one by HTTP status. */
function refusal(status: number, errors: unknown[]): TesseraError {
  const first = isRecord(errors[0]) ? errors[0] : {};
  const extensions = isRecord(first.extensions) ? { ...first.extensions } : {};
  const code: ErrorCode = isCode(extensions.code) ? extensions.code : status === 401 ? 'UNAUTHENTICATED' : status >= 500 ? 'INTERNAL' : 'BAD_USER_INPUT';
  delete extensions.code;
  delete extensions.errors;
  const message = typeof first.message === 'string' ? first.message : \`The server answered \${status}\`;
  return new TesseraError(code, message, detailsOf(errors), extensions);
}

/** A client's transport: POSTs one operation to \`/graphql\` and returns its data, or throws a TesseraError. */
export function transport(options: ClientOptions): <T>(query: string, variables: Record<string, unknown>) => Promise<T> {
  const base = options.url.replace(/\\/+$/, '');
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: \`Bearer \${options.apiKey}\` };
  return async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const send = options.fetch ?? (globalThis as unknown as { fetch?: FetchLike }).fetch;
    if (!send) throw new TesseraError('SERVICE_UNAVAILABLE', 'No fetch: pass one in createClient({ fetch })');
    let status: number;
    let text: string;
    try {
      const res = await send(\`\${base}/graphql\`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      status = res.status;
      text = await res.text();
    } catch (error) {
      throw new TesseraError('SERVICE_UNAVAILABLE', \`Cannot reach the Tessera server at \${base}: \${error instanceof Error ? error.message : String(error)}\`);
    }
    let body: unknown;
    try { body = JSON.parse(text); } catch { body = undefined; }
    if (!isRecord(body) || !('data' in body || Array.isArray(body.errors))) {
      throw new TesseraError(status === 401 ? 'UNAUTHENTICATED' : 'SERVICE_UNAVAILABLE', \`\${base}/graphql answered \${status} without a GraphQL body: is this a Tessera server?\`);
    }
    if (Array.isArray(body.errors) && body.errors.length) throw refusal(status, body.errors);
    // The document was generated from the server's schema: its data has the declared shape.
    return body.data as T;
  };
}
`;
