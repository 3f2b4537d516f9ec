import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { wfTenant } from '../workflows/support.ts';
import { startPoolServer } from './support.ts';

/** The crm-core template's pools document (templates/crm-core/pools.json) applies on top of the template's objects. */
let server: RunningServer;
beforeAll(async () => { server = await startPoolServer(); }, 120_000);
afterAll(async () => { await server?.close(); });

it('crm-core: the leadPool defaults as a real pools document', async () => {
  const dir = path.resolve(import.meta.dirname, '../../../templates/crm-core');
  const { objects } = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
  const t = await wfTenant(server, objects);
  await t.apply(JSON.parse(fs.readFileSync(path.join(dir, 'pools.json'), 'utf8')));
  expect((await t.api('{ poolStatus(object: "lead") }')).poolStatus).toEqual({ privateCount: 0, privateCap: 50, claimedToday: 0, dailyQuota: null });
}, 120_000);
