import type { Logger } from 'pino';
import type { PlatformConfig } from '../config/config.ts';
import { isPlatformError } from '../errors/index.ts';
import type { Platform } from '../platform.ts';
import { createTenant, listTenants } from '../tenancy/index.ts';
import { seedDemoCrm } from './demo-seed.ts';

/**
 * On first start with an empty database, creates a `demo` tenant — a CRM (the crm-core template and
 * sample data, demo-seed.ts) unless TESSERA_DEMO=empty — and prints its admin login once.
 * Two servers starting together race on the slug; the loser finds it taken and prints nothing.
 * Sample data that fails to load is logged, not fatal: the tenant is there, and the server starts.
 */
export async function ensureDemoTenant(platform: Platform, logger: Logger, demo: PlatformConfig['demo'] = 'crm'): Promise<void> {
  if ((await listTenants(platform.orm)).length > 0) return;
  let created;
  try {
    created = await createTenant(platform.orm, { slug: 'demo', name: 'Demo', adminEmail: 'admin@demo.local', adminName: 'Demo Admin' });
  } catch (error) {
    if (isPlatformError(error) && error.code === 'CONFLICT') return;
    throw error;
  }
  logger.info({ tenant: created.tenant.slug }, 'created the demo tenant');
  let contents = 'empty (TESSERA_DEMO=empty)';
  if (demo === 'crm') {
    const started = performance.now();
    try {
      const summary = await seedDemoCrm(platform, created);
      const ms = Math.round(performance.now() - started);
      logger.info({ tenant: created.tenant.slug, ms, ...summary }, 'loaded the demo CRM');
      contents = `the crm-core template with sample data (${summary.account} accounts, ${summary.lead} leads, ${summary.opportunity} opportunities, ${summary.activity} activities)`;
    } catch (error) {
      logger.error({ err: error, tenant: created.tenant.slug }, 'the demo CRM could not be loaded');
      contents = 'incomplete: its sample data failed to load (see the log)';
    }
  }
  process.stdout.write(
    `\n  Tessera demo tenant created: ${contents}. Shown once, keep it:\n` +
    `    email:    ${created.admin.email}\n    password: ${created.admin.password}\n    API key:  ${created.apiKey}\n\n`,
  );
}
