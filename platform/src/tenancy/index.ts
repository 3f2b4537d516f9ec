export { createTenant, findTenant, listTenants, createApiKey, TENANT_SLUG, type CreateTenantInput, type CreatedTenant } from './tenants.ts';
