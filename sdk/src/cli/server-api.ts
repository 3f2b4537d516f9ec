import { PlatformError } from '@tessera/platform/errors';
import type { ConfigDocument, PlanResult } from '@tessera/platform';
import type { CliIo } from './output.ts';
import { graphqlRequest, type ServerTarget } from './server-client.ts';

/** The operations the CLI runs on a server's metadata API (`POST /metadata`), as the studio would. */

/** Who answers a question: enough to say whether the server and the key work. */
const CHECK_MS = 20_000;
/** Applying a document may rebuild indexes on big tables: the server bounds its own locks. */
const WORK_MS = 10 * 60_000;

export interface Identity {
  user: { id: string; email: string; name: string; isAdmin: boolean };
  tenant: { id: string; slug: string; name: string };
}

/** The key's user and tenant: what `login` verifies and `whoami` shows. */
export function whoAmI(target: ServerTarget): Promise<Identity> {
  return graphqlRequest<{ me: Identity['user']; tenant: Identity['tenant'] }>(target, '/metadata', '{ me { id email name isAdmin } tenant { id slug name } }', undefined, { timeoutMs: CHECK_MS })
    .then(({ me, tenant }) => ({ user: me, tenant }));
}

/**
 * A key belongs to one tenant: `--tenant` (or TESSERA_TENANT) naming another one is refused rather
 * than quietly acting on the key's tenant.
 */
export function checkTenant(io: CliIo, target: ServerTarget, actual: { slug: string }, flag: string | undefined): void {
  const wanted = flag || io.env.TESSERA_TENANT || undefined;
  if (!wanted || wanted === actual.slug) return;
  const named = flag ? '--tenant' : 'TESSERA_TENANT';
  throw new PlatformError('BAD_USER_INPUT', `The API key of ${target.keySource} belongs to tenant "${actual.slug}", but ${named} names "${wanted}": log in with a key of "${wanted}" (tessera login --profile ${wanted} …), or leave ${named} out`);
}

const PLAN = 'dryRun version changes { kind action target object field statements notes }';

/** `applyMetadata` as the key's user; the plan in the shape the database path returns (no `field` where there is none). */
export async function applyRemote(target: ServerTarget, document: ConfigDocument, dryRun: boolean): Promise<PlanResult> {
  const data = await graphqlRequest<{ applyMetadata: PlanResult }>(target, '/metadata',
    `mutation Apply($document: JSON!, $dryRun: Boolean) { applyMetadata(document: $document, dryRun: $dryRun) { ${PLAN} } }`,
    { document, dryRun }, { timeoutMs: WORK_MS });
  const plan = data.applyMetadata;
  return { ...plan, changes: plan.changes.map(({ field, ...change }) => (field == null ? change : { ...change, field })) };
}

/** The configuration document (every kind the key's user may change), its metadata version and tenant, in one request. */
export async function pullRemote(target: ServerTarget): Promise<{ document: ConfigDocument; version: number; tenant: { id: string; slug: string } }> {
  const data = await graphqlRequest<{ document: ConfigDocument; metadataVersion: number; tenant: { id: string; slug: string } }>(target, '/metadata',
    '{ tenant { id slug } metadataVersion document }', undefined, { timeoutMs: WORK_MS });
  return { document: data.document, version: data.metadataVersion, tenant: data.tenant };
}

/** The key's tenant (before a write, to check --tenant and to name it in the plan). */
export async function tenantOf(target: ServerTarget): Promise<{ id: string; slug: string }> {
  return (await graphqlRequest<{ tenant: { id: string; slug: string } }>(target, '/metadata', '{ tenant { id slug } }', undefined, { timeoutMs: CHECK_MS })).tenant;
}
