import { ERROR_CODES, type ErrorCode } from './codes.ts';

/** One offending property: a JSON pointer into the input that was refused, and why. */
export interface ErrorDetail {
  pointer: string;
  message: string;
  [extra: string]: unknown;
}

export interface PlatformErrorOptions {
  details?: ErrorDetail[];
  extensions?: Record<string, unknown>;
  cause?: unknown;
  /**
   * An HTTP status other than the code's own, for the few refusals HTTP has a more precise word for
   * (a body too large is 413, not the 429 of other LIMIT_EXCEEDED refusals).
   */
  httpStatus?: number;
}

/** The error root: every refusal the platform makes is one of these, with a stable code. */
export class PlatformError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly extra: Record<string, unknown>;
  private readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, options: PlatformErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'PlatformError';
    this.code = code;
    this.details = options.details ?? [];
    this.extra = options.extensions ?? {};
    this.status = options.httpStatus;
  }

  get httpStatus(): number {
    return this.status ?? ERROR_CODES[this.code];
  }

  /** What a client sees under `extensions`: the code, the offending pointers, and nothing internal. */
  toExtensions(): Record<string, unknown> {
    const ext: Record<string, unknown> = { code: this.code, ...this.extra };
    if (this.details.length > 0) ext.errors = this.details;
    return ext;
  }
}

export function isPlatformError(error: unknown): error is PlatformError {
  return error instanceof PlatformError;
}

/** Prefixes every detail pointer, so errors found in a nested document point into the whole one. */
export function prefixPointers(error: PlatformError, prefix: string): PlatformError {
  if (!prefix) return error;
  const details = error.details.map((d) => ({ ...d, pointer: prefix + d.pointer }));
  return new PlatformError(error.code, error.message, { details, extensions: error.extra, cause: error.cause, httpStatus: error.httpStatus });
}
