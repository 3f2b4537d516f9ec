export { hashPassword, verifyPassword } from './passwords.ts';
export { generateApiKey, parseApiKey, type NewApiKey } from './api-keys.ts';
export { ApiKeyAuthenticator, type Principal, type ForgetFilter } from './authenticate.ts';
export { SessionStore, type Session } from './sessions.ts';
export { LoginThrottle, DEFAULT_THROTTLE } from './login-throttle.ts';
export { RateLimiter, DEFAULT_RATE_LIMITS, rateLimitsFrom, type RateLimits } from './rate-limit.ts';
