export { ERROR_CODES, type ErrorCode } from './codes.ts';
export { PlatformError, isPlatformError, prefixPointers, type ErrorDetail } from './platform-error.ts';
export { fromConnectionError, fromPostgresError, SERVICE_RETRY_AFTER_S } from './postgres.ts';
