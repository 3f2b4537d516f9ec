export { ERROR_CODES, type ErrorCode } from './codes.ts';
export { PlatformError, isPlatformError, prefixPointers, type ErrorDetail } from './platform-error.ts';
export { fromPostgresError } from './postgres.ts';
