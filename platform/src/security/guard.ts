import { PlatformError } from '../errors/index.ts';
import { pgRunner, type Db } from '../storage/sql/runner.ts';
import type { SharingModel } from './model.ts';
import { atomsOf, coversGrantAtom, describeAtom, grantAtoms, holderOf, uncovered, universeOf, type Holder } from './rights.ts';
import { TenantSecurity } from './tenant-security.ts';

type Grant = Parameters<typeof grantAtoms>[0];

/**
 * Rights are monotone: a security change made by someone who is not an administrator may give no one
 * a right its author does not hold, and may touch no one whose rights exceed the author's.
 *
 * Opened in the change's transaction (the tenant row locked, so no other change interleaves), it
 * loads the tenant's security before the change; closed after the change's writes, it loads it again
 * and compares every user's rights (security/rights.ts): each user whose rights changed must have
 * been, and must stay, within the author's rights as they were before the change. Verbs add what a
 * comparison of rights cannot see: the users they act on (`touch`: deactivation, a password, a key)
 * and the roles and permission sets they write or change (`grant`).
 *
 * What is new in the change carries nothing yet and is not held against it: a user it creates owns
 * no record and has nothing shared with them, nor has a group or role it creates — except that
 * setting a user's credentials (a password, an API key) needs them within the author's rights even
 * so, since the author could then act as them whatever they are given later.
 */
export class RightsGuard {
  /** An administrator (or the system): every check passes. */
  readonly unbounded: boolean;
  private readonly tenantId: string;
  private readonly actorId: string;
  private readonly before: TenantSecurity | undefined;
  private readonly groupsBefore: Set<string>;
  private readonly sharing: Map<string, SharingModel>;
  private readonly touched = new Map<string, { credentials: boolean; pointer: string }>();

  private constructor(tenantId: string, actorId: string, before: TenantSecurity | undefined, groups: Set<string>, sharing: Map<string, SharingModel>) {
    this.tenantId = tenantId;
    this.actorId = actorId;
    this.before = before;
    this.unbounded = !before;
    this.groupsBefore = groups;
    this.sharing = sharing;
  }

  /** Call right after BEGIN; locks the tenant row for the rest of the transaction. */
  static async open(db: Db, tenantId: string, actorId: string | null): Promise<RightsGuard> {
    await db.query('select 1 from tessera.tenants where id = $1 for update', [tenantId]);
    const { rows } = actorId ? await db.query('select is_admin and is_active as admin from tessera.users where id = $1 and tenant_id = $2', [actorId, tenantId]) : { rows: [{ admin: true }] };
    if (rows[0]?.admin === true) return new RightsGuard(tenantId, actorId ?? '', undefined, new Set(), new Map());
    const before = await TenantSecurity.load(pgRunner(db), tenantId);
    const groups = new Set<string>((await db.query('select id from tessera.groups where tenant_id = $1', [tenantId])).rows.map((r) => r.id));
    const objects = (await db.query(`select name, definition->>'sharing' as sharing from tessera.object_definitions where tenant_id = $1 and deleted_at is null`, [tenantId])).rows;
    return new RightsGuard(tenantId, actorId!, before, groups, new Map(objects.map((o) => [o.name, (o.sharing ?? 'PUBLIC_READ_WRITE') as SharingModel])));
  }

  private holder(state: TenantSecurity, after?: TenantSecurity): Holder {
    return holderOf(state, this.actorId, universeOf(state, ...(after ? [after] : [])), (o) => this.sharing.get(o) ?? 'PUBLIC_READ_WRITE');
  }

  /** A user the change acts on: within the author's rights; with `credentials`, even if the change creates them. */
  touch(userId: string, options: { credentials?: boolean; pointer?: string } = {}): void {
    if (this.unbounded) return;
    // Someone above the author is refused at once (before any other check of the verb can answer).
    if (this.before!.user(userId)) {
      const holder = this.holder(this.before!);
      const beyond = uncovered(holder, atomsOf(this.before!.contextFor(userId), universeOf(this.before!)));
      if (beyond.length) throw refusal(`The user ${userId} holds ${describeAtom(beyond[0])}, which you do not: only an administrator (or someone who holds it) may change them`, options.pointer ?? '', beyond);
    }
    const seen = this.touched.get(userId);
    this.touched.set(userId, { credentials: !!options.credentials || !!seen?.credentials, pointer: seen?.pointer ?? options.pointer ?? '' });
  }

  /** A role's or permission set's permissions, as written or as they were: within the author's rights. */
  grant(grant: Grant, what: string): void {
    if (this.unbounded) return;
    const holder = this.holder(this.before!);
    const beyond = grantAtoms(grant).filter((a) => !coversGrantAtom(holder, a));
    if (!beyond.length) return;
    const pointer = beyond[0].startsWith('cap:') ? '/capabilities' : beyond[0].startsWith('object:') ? '/objectPermissions' : '/fieldPermissions';
    throw refusal(`${what} grants ${describeAtom(beyond[0])}, which you do not hold`, pointer, beyond);
  }

  /** Call after the change's writes, before commit. `changed: false` for changes no one's rights depend on. */
  async close(db: Db, options: { changed?: boolean } = {}): Promise<void> {
    if (this.unbounded) return;
    const before = this.before!;
    const after = options.changed === false ? before : await TenantSecurity.load(pgRunner(db), this.tenantId);
    const universe = universeOf(before, after);
    const holder = this.holder(before, after);
    const groupsAfter = options.changed === false ? this.groupsBefore : new Set<string>((await db.query('select id from tessera.groups where tenant_id = $1', [this.tenantId])).rows.map((r) => r.id));
    // The roles below the author's: the author sees what a user in them owns, so may set their credentials.
    const actorRole = before.user(this.actorId)?.roleId;
    const below = new Set(actorRole ? before.subtreeRoles(actorRole).filter((r) => r !== actorRole) : []);
    const isNew = (atom: string, userId: string, credentials: boolean): boolean => {
      const user = /^(?:owner|principal:u):(.*)$/.exec(atom)?.[1];
      if (user !== undefined) {
        if (before.user(user)) return false;
        const role = after.user(user)?.roleId;
        return user !== userId || !credentials || (!!role && below.has(role));
      }
      if (credentials) return false;
      if (atom.startsWith('principal:g:')) return !this.groupsBefore.has(atom.slice(12)) && groupsAfter.has(atom.slice(12));
      return /^principal:rs?:/.test(atom) && !before.hasRole(atom.slice(atom.indexOf(':', 10) + 1));
    };

    const users = new Set([...before.userIds(), ...after.userIds()]);
    for (const userId of users) {
      const was = before.user(userId) ? atomsOf(before.contextFor(userId), universe) : new Set<string>();
      const touch = this.touched.get(userId);
      // What the change creates carries nothing yet: it is left out (managers gain a new subordinate's records: none).
      const is = new Set(after.user(userId) ? [...atomsOf(after.contextFor(userId), universe)].filter((a) => !isNew(a, userId, !!touch?.credentials)) : []);
      const changed = was.size !== is.size || [...is].some((a) => !was.has(a));
      if (!changed && !touch) continue;
      const pointer = touch?.pointer ?? '';
      // The author's own rights before the change are within themselves: only others can be beyond them here.
      const beyondBefore = uncovered(holder, was);
      if (beyondBefore.length) {
        throw refusal(`The user ${userId} holds ${describeAtom(beyondBefore[0])}, which you do not: only an administrator (or someone who holds it) may change their rights`, pointer, beyondBefore);
      }
      const beyondAfter = uncovered(holder, is);
      if (beyondAfter.length) {
        const whom = userId === this.actorId ? 'you' : `the user ${userId}`;
        throw refusal(touch?.credentials && !changed
          ? `You may not set the credentials of the user ${userId}: they hold ${describeAtom(beyondAfter[0])}, which you do not`
          : `This would give ${whom} ${describeAtom(beyondAfter[0])}, which you do not hold`, pointer, beyondAfter);
      }
    }
  }
}

function refusal(message: string, pointer: string, atoms: string[]): PlatformError {
  return new PlatformError('FORBIDDEN', message, { details: [{ pointer, message: 'beyond your own rights' }], extensions: { rights: atoms.slice(0, 10) } });
}
