import { GraphQLError } from 'graphql';
import { fromPostgresError, isPlatformError, type PlatformError } from '../errors/index.ts';

function platformErrorOf(error: unknown): PlatformError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (isPlatformError(current)) return current;
    const mapped = fromPostgresError(current);
    if (mapped) return mapped;
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * graphql-yoga's error mask: a PlatformError keeps its message and becomes `extensions.code` (plus
 * the pointers of what was refused); GraphQL's own validation errors pass; anything else is masked
 * with code INTERNAL, and its stack never leaves the server.
 */
export function maskError(error: unknown, message: string, onInternal?: (error: unknown) => void): Error {
  const platform = platformErrorOf(error);
  const graphql = error instanceof GraphQLError ? error : undefined;
  if (platform) {
    const extensions = platform.toExtensions();
    // An outage is an HTTP answer too (503 with Retry-After), so that clients and proxies back off.
    if (platform.code === 'SERVICE_UNAVAILABLE') extensions.http = { status: 503, headers: { 'retry-after': String(platform.extra.retryAfter ?? 2) } };
    return new GraphQLError(platform.message, { nodes: graphql?.nodes, path: graphql?.path, extensions });
  }
  if (graphql && !graphql.originalError) {
    return new GraphQLError(graphql.message, { nodes: graphql.nodes, path: graphql.path, extensions: { code: 'BAD_USER_INPUT', ...graphql.extensions } });
  }
  // A value GraphQL refused while coercing it (a variable or argument a scalar's parseValue threw on):
  // graphql-js wraps the scalar's own GraphQLError, which carries no further cause.
  const coercion = graphql?.originalError;
  if (graphql && coercion instanceof GraphQLError && !coercion.originalError) {
    return new GraphQLError(graphql.message, { nodes: graphql.nodes, path: graphql.path, extensions: { ...graphql.extensions, code: 'BAD_USER_INPUT' } });
  }
  onInternal?.(error);
  return new GraphQLError(message, { nodes: graphql?.nodes, path: graphql?.path, extensions: { code: 'INTERNAL' } });
}

const GRAPHQL_INPUT_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']);
const YOGA_TOO_LARGE = 'REQUEST_ENTITY_TOO_LARGE';

/**
 * A yoga plugin that keeps `extensions.code` within the platform's closed set: the errors graphql-js
 * and yoga raise for a malformed or invalid document (unknown field, wrong enum value) become
 * BAD_USER_INPUT; a body past yoga's size limit (bodies it reads itself, set to `maxBodyBytes`)
 * becomes LIMIT_EXCEEDED as on the JSON path. The HTTP status yoga chose is kept.
 */
export function useClosedErrorCodes(options: { maxBodyBytes?: number } = {}) {
  const closed = (e: GraphQLError): GraphQLError => {
    const code = String(e.extensions?.code);
    if (code === YOGA_TOO_LARGE) {
      return new GraphQLError(`The request body is larger than ${options.maxBodyBytes} bytes`, { extensions: { ...e.extensions, code: 'LIMIT_EXCEEDED', limit: 'maxBodyBytes', max: options.maxBodyBytes } });
    }
    if (!GRAPHQL_INPUT_CODES.has(code)) return e;
    return new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, extensions: { ...e.extensions, code: 'BAD_USER_INPUT' } });
  };
  return {
    onResultProcess({ result, setResult }: { result: unknown; setResult(result: any): void }) {
      if (!result || typeof result !== 'object' || Array.isArray(result) || Symbol.asyncIterator in result) return;
      const { errors } = result as { errors?: readonly GraphQLError[] };
      if (!errors?.some((e) => GRAPHQL_INPUT_CODES.has(String(e.extensions?.code)) || e.extensions?.code === YOGA_TOO_LARGE)) return;
      setResult({ ...(result as object), errors: errors.map(closed) });
    },
  };
}
