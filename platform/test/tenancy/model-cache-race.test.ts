import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { ModelCache } from '../../src/tenancy/model-cache.ts';
import { pgRunner } from '../../src/storage/sql/runner.ts';
import { metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * A first load of a tenant's model is slow (it runs the plugins' tenant migrations). A request that
 * comes after a metadata change was announced must not be handed that load's older model: before
 * the fix it was (the pending load was shared), and `createX` of an object just created was
 * "Cannot query field" for that request.
 */
let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

describe('model cache', () => {
  it('a request after a newer version was announced does not get a load that read the older catalog', async () => {
    const t = await newTenant(server, 'race');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const cache = new ModelCache(pgRunner(server.platform.pool), { onFirstLoad: () => gate });
    const early = cache.get(t.tenant.id);
    await new Promise((r) => setTimeout(r, 200)); // it has read the catalog and waits in the plugins' migrations
    const md = metadataClient(server, t.apiKey);
    const applied = await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ name: 'thing', fields: [{ name: 'title', type: 'text' }] }] } });
    expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    const version = applied.data.applyMetadata.version as number;
    cache.invalidate(t.tenant.id, version); // as the NOTIFY of the change does
    const late = cache.get(t.tenant.id);
    release();
    // Every waiter gets the newest model, the early one too (it loads once more).
    expect((await early).version).toBe(version);
    const model = await late;
    expect(model.version).toBe(version);
    expect(model.model.objects.has('thing')).toBe(true);
  });
});
