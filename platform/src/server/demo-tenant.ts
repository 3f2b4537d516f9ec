import type { Logger } from 'pino';
import { isPlatformError } from '../errors/index.ts';
import type { Platform } from '../platform.ts';
import { createTenant, listTenants } from '../tenancy/index.ts';

/**
 * On first start with an empty database, creates a `demo` tenant and prints its admin login once.
 * Two servers starting together race on the slug; the loser finds it taken and prints nothing.
 */
export async function ensureDemoTenant(platform: Platform, logger: Logger): Promise<void> {
  if ((await listTenants(platform.orm)).length > 0) return;
  try {
    const created = await createTenant(platform.orm, { slug: 'demo', name: 'Demo', adminEmail: 'admin@demo.local', adminName: 'Demo Admin' });
    logger.info({ tenant: created.tenant.slug }, 'created the demo tenant');
    process.stdout.write(
      `\n  Tessera demo tenant created. Shown once, keep it:\n` +
      `    email:    ${created.admin.email}\n    password: ${created.admin.password}\n    API key:  ${created.apiKey}\n\n`,
    );
  } catch (error) {
    if (isPlatformError(error) && error.code === 'CONFLICT') return;
    throw error;
  }
}
