/** One refused property: where it is in the input (a JSON pointer) and why. */
export interface ErrorDetail {
  pointer: string;
  message: string;
  field?: string;
  /** A problem inside an expression (formulas, rules): where, in UTF-16 code units of the expression sent. */
  expression?: { code: string; offset: number; length: number; line: number; column: number };
}

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; errors?: ErrorDetail[]; [key: string]: unknown };
}

/** A refusal from the platform: its stable code, message, and the offending properties. */
export class ApiError extends Error {
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly errors: GraphQLErrorShape[];
  readonly status: number;

  constructor(status: number, errors: GraphQLErrorShape[]) {
    super(errors.map((e) => e.message).join('; ') || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
    this.code = errors[0]?.extensions?.code ?? (status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL');
    this.details = errors.flatMap((e) => e.extensions?.errors ?? []);
  }

  /**
   * The message for one field of the input, matched by `field` or by the pointer's last segment; with
   * `item` (a metadata document's key, `webhooks`), by the first segment under `/<item>/<n>/`, so
   * that `/webhooks/0/fields/1` belongs to the input `fields`.
   */
  messageFor(field: string, item?: string): string | undefined {
    return this.details.find((d) => {
      if (d.field === field) return true;
      const steps = d.pointer.split('/').slice(1);
      if (item) return (steps[0] === item ? steps.slice(2) : steps)[0] === field;
      return steps.at(-1) === field;
    })?.message;
  }
}

let csrfToken: string | undefined;
let locale = 'en';
let onUnauthenticated: (() => void) | undefined;

/** Set by the session: writes echo the CSRF token; every request names the UI language. */
export function configureClient(options: { csrfToken?: string; locale?: string; onUnauthenticated?: () => void }): void {
  if ('csrfToken' in options) csrfToken = options.csrfToken;
  if (options.locale) locale = options.locale;
  if (options.onUnauthenticated) onUnauthenticated = options.onUnauthenticated;
}

/** The session's CSRF token, for writes outside GraphQL (file uploads). */
export function currentCsrfToken(): string | undefined {
  return csrfToken;
}

export function currentLocale(): string {
  return locale;
}

/** POSTs a GraphQL document to `/metadata` or `/graphql` with the session cookie; throws ApiError on any error. */
export async function graphql<T = any>(endpoint: '/metadata' | '/graphql', query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(endpoint, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'x-tessera-locale': locale,
      ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: GraphQLErrorShape[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, [{ message: `The server answered ${res.status} without JSON` }]);
  }
  if (body.errors?.length) {
    const error = new ApiError(res.status, body.errors);
    if (error.code === 'UNAUTHENTICATED') onUnauthenticated?.();
    throw error;
  }
  return body.data as T;
}

export const metadataApi = <T = any>(query: string, variables?: Record<string, unknown>) => graphql<T>('/metadata', query, variables);
export const dataApi = <T = any>(query: string, variables?: Record<string, unknown>) => graphql<T>('/graphql', query, variables);
