/**
 * The closed set of error codes every transport answers with. Each code maps to one HTTP status;
 * anything that is not a PlatformError is masked as INTERNAL.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: 400,
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  UNIQUE_VIOLATION: 409,
  REFERENCE_NOT_FOUND: 400,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  LIMIT_EXCEEDED: 429,
  /** The record is locked (a pending approval request): only admins change it until the request ends. */
  LOCKED: 423,
  /** A script (trigger or action) threw; extensions name the script and the line. */
  SCRIPT_ERROR: 422,
  /** The database (or another service the request needs) cannot be reached: retry after `retryAfter` seconds. */
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
