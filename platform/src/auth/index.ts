export { hashPassword, verifyPassword } from './passwords.ts';
export { generateApiKey, parseApiKey, type NewApiKey } from './api-keys.ts';
export { ApiKeyAuthenticator, type Principal } from './authenticate.ts';
