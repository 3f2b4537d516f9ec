/**
 * The generated tenant of the security suite, as plain data: objects, a role hierarchy, users,
 * permission sets, groups, sharing rules, manual shares and records. Everything is drawn from a
 * seeded generator, so a seed reproduces a run. The same data feeds the tenant (through the APIs)
 * and the oracle (oracle.ts), which never calls platform code.
 */

export type ObjectName = 'account' | 'opportunity' | 'note' | 'product' | 'campaign';
export const OBJECTS: ObjectName[] = ['account', 'opportunity', 'note', 'product', 'campaign'];
export type Sharing = 'PRIVATE' | 'PUBLIC_READ' | 'PUBLIC_READ_WRITE';
export type Access = 'READ' | 'READ_WRITE';

export const SHARING: Record<ObjectName, Sharing | null> = {
  account: 'PRIVATE',
  opportunity: 'PRIVATE',
  // A master-detail child: its records follow their opportunity, whatever this says.
  note: null,
  product: 'PUBLIC_READ',
  campaign: 'PUBLIC_READ_WRITE',
};

/** The objects as a metadata document (sharing is set afterwards with updateObject). */
export const METADATA = {
  objects: [
    {
      name: 'account',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'industry', type: 'select', options: [{ value: 'fmcg' }, { value: 'tech' }, { value: 'retail' }] },
        { name: 'region', type: 'text' },
        { name: 'secretScore', type: 'integer' },
        { name: 'tier', type: 'select', options: [{ value: 'gold' }, { value: 'silver' }, { value: 'bronze' }] },
        { name: 'touch', type: 'integer' },
      ],
    },
    {
      name: 'opportunity',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'stage', type: 'select', options: [{ value: 'open' }, { value: 'won' }, { value: 'lost' }] },
        { name: 'amount', type: 'number' },
        { name: 'margin', type: 'number' },
        { name: 'account', type: 'lookup', target: 'account' },
        { name: 'touch', type: 'integer' },
      ],
    },
    {
      name: 'note',
      fields: [
        { name: 'body', type: 'text' },
        { name: 'opportunity', type: 'masterDetail', target: 'opportunity' },
        { name: 'touch', type: 'integer' },
      ],
    },
    {
      name: 'product',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'family', type: 'select', options: [{ value: 'hardware' }, { value: 'software' }, { value: 'service' }] },
        { name: 'price', type: 'number' },
        { name: 'touch', type: 'integer' },
      ],
    },
    {
      name: 'campaign',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'channel', type: 'select', options: [{ value: 'email' }, { value: 'web' }, { value: 'event' }] },
        { name: 'budget', type: 'number' },
        { name: 'touch', type: 'integer' },
      ],
    },
  ],
};

export interface ObjectPermission { object: ObjectName; read?: boolean; create?: boolean; update?: boolean; delete?: boolean; viewAll?: boolean; modifyAll?: boolean }
export interface FieldPermission { object: ObjectName; field: string; read: boolean; update: boolean }
export interface Grant { name: string; objectPermissions: ObjectPermission[]; fieldPermissions: FieldPermission[] }
export interface RoleSpec extends Grant { parent: string | null }
/** Share and group-member targets; `user` is a user key (the oracle's name for a user). */
export type Target = { user: string } | { role: string } | { roleAndSubordinates: string } | { group: string };
export interface UserSpec { key: string; role: string | null; permissionSets: string[]; isAdmin: boolean; creator?: boolean }
export interface GroupSpec { name: string; members: Target[] }
/** Rule filters use the data API's filter language; the oracle evaluates the same JSON. */
export interface RuleSpec { object: ObjectName; filter: Record<string, unknown>; shareWith: Target; access: Access }
export interface ShareSpec { object: ObjectName; id: string; with: Target; access: Access }

export interface AccountRec { id: string; owner: string; deleted: boolean; name: string; industry: string; region: string; secretScore: number; tier: string; touch: number }
export interface OpportunityRec { id: string; owner: string; deleted: boolean; name: string; stage: string; amount: number; margin: number; account: string | null; touch: number }
export interface NoteRec { id: string; owner: string; deleted: boolean; body: string; opportunity: string; touch: number }
export interface ProductRec { id: string; owner: string; deleted: boolean; name: string; family: string; price: number; touch: number }
export interface CampaignRec { id: string; owner: string; deleted: boolean; name: string; channel: string; budget: number; touch: number }
export type Rec = AccountRec | OpportunityRec | NoteRec | ProductRec | CampaignRec;

export interface TenantSpec {
  seed: number;
  roles: RoleSpec[];
  permissionSets: Grant[];
  users: UserSpec[];
  groups: GroupSpec[];
  rules: RuleSpec[];
  shares: ShareSpec[];
  records: Record<ObjectName, Rec[]>;
}

/** mulberry32: small, fast, seeded. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[int(4)];
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, pick, uuid, chance: (p: number) => next() < p };
}

const CRUD = { read: true, create: true, update: true, delete: true };

function roles(): RoleSpec[] {
  const leader = (name: string, parent: string | null): RoleSpec => ({
    name, parent,
    objectPermissions: [
      { object: 'account', ...CRUD }, { object: 'opportunity', ...CRUD }, { object: 'note', ...CRUD },
      { object: 'product', read: true }, { object: 'campaign', read: true, update: true },
    ],
    fieldPermissions: [],
  });
  const manager = (name: string, parent: string): RoleSpec => ({
    ...leader(name, parent),
    // An entry that lets managers read the margin but not change it.
    fieldPermissions: [{ object: 'opportunity', field: 'margin', read: true, update: false }],
  });
  const rep = (name: string, parent: string): RoleSpec => ({
    name, parent,
    objectPermissions: [
      { object: 'account', read: true, create: true, update: true }, { object: 'opportunity', read: true, create: true, update: true },
      { object: 'note', ...CRUD }, { object: 'product', read: true, update: true }, { object: 'campaign', read: true, update: true },
    ],
    fieldPermissions: [
      { object: 'account', field: 'secretScore', read: false, update: false },
      { object: 'account', field: 'tier', read: false, update: false },
      { object: 'opportunity', field: 'margin', read: false, update: false },
    ],
  });
  return [
    leader('ceo', null),
    leader('vpEast', 'ceo'), leader('dirEast', 'vpEast'), manager('mgrEast', 'dirEast'), rep('repEast', 'mgrEast'),
    leader('vpWest', 'ceo'), leader('dirWest', 'vpWest'), manager('mgrWest', 'dirWest'), rep('repWest', 'mgrWest'),
    // Outside the hierarchy: reads accounts (without their secret score), no opportunities or notes.
    {
      name: 'support', parent: null,
      objectPermissions: [
        { object: 'account', read: true }, { object: 'product', ...CRUD }, { object: 'campaign', ...CRUD },
      ],
      fieldPermissions: [{ object: 'account', field: 'secretScore', read: false, update: false }, { object: 'account', field: 'tier', read: true, update: false }],
    },
  ];
}

const PERMISSION_SETS: Grant[] = [
  { name: 'secretReader', objectPermissions: [], fieldPermissions: [{ object: 'account', field: 'secretScore', read: true, update: false }] },
  { name: 'accountSteward', objectPermissions: [{ object: 'account', read: true, modifyAll: true }], fieldPermissions: [] },
  { name: 'oppAuditor', objectPermissions: [{ object: 'opportunity', read: true, viewAll: true }, { object: 'note', read: true }], fieldPermissions: [] },
  { name: 'basicAccount', objectPermissions: [{ object: 'account', read: true, create: true, update: true }, { object: 'campaign', read: true }], fieldPermissions: [] },
];

const USERS: UserSpec[] = [
  { key: 'admin', role: null, permissionSets: [], isAdmin: true, creator: true },
  { key: 'ceo', role: 'ceo', permissionSets: [], isAdmin: false },
  { key: 'vpE', role: 'vpEast', permissionSets: [], isAdmin: false },
  { key: 'dirE', role: 'dirEast', permissionSets: [], isAdmin: false },
  { key: 'mgrE', role: 'mgrEast', permissionSets: [], isAdmin: false },
  { key: 'repE1', role: 'repEast', permissionSets: [], isAdmin: false },
  { key: 'repE2', role: 'repEast', permissionSets: [], isAdmin: false },
  { key: 'vpW', role: 'vpWest', permissionSets: [], isAdmin: false },
  { key: 'dirW', role: 'dirWest', permissionSets: [], isAdmin: false },
  { key: 'mgrW', role: 'mgrWest', permissionSets: ['accountSteward'], isAdmin: false },
  { key: 'repW1', role: 'repWest', permissionSets: [], isAdmin: false },
  { key: 'repW2', role: 'repWest', permissionSets: ['secretReader'], isAdmin: false },
  { key: 'sup', role: 'support', permissionSets: [], isAdmin: false },
  { key: 'aud', role: 'support', permissionSets: ['oppAuditor'], isAdmin: false },
  { key: 'norole', role: null, permissionSets: ['basicAccount'], isAdmin: false },
  { key: 'admin2', role: 'repWest', permissionSets: [], isAdmin: true },
];

const GROUPS: GroupSpec[] = [
  { name: 'eastTeam', members: [{ roleAndSubordinates: 'mgrEast' }, { user: 'repW1' }] },
  // Nested: everyone of eastTeam, the support role and one user.
  { name: 'partners', members: [{ group: 'eastTeam' }, { role: 'support' }, { user: 'norole' }] },
];

const RULES: RuleSpec[] = [
  { object: 'account', filter: { industry: { eq: 'tech' } }, shareWith: { group: 'eastTeam' }, access: 'READ' },
  { object: 'account', filter: { region: { eq: 'north' } }, shareWith: { roleAndSubordinates: 'mgrWest' }, access: 'READ_WRITE' },
  { object: 'opportunity', filter: { stage: { eq: 'won' } }, shareWith: { role: 'dirWest' }, access: 'READ_WRITE' },
  { object: 'opportunity', filter: { amount: { gte: 80000 } }, shareWith: { user: 'repE2' }, access: 'READ' },
  { object: 'product', filter: { family: { eq: 'hardware' } }, shareWith: { role: 'repEast' }, access: 'READ_WRITE' },
];

export const SIZES = { account: 40, opportunity: 90, note: 70, product: 20, campaign: 15 };

/** The whole tenant for one seed. */
export function generate(seed: number): TenantSpec {
  const r = prng(seed);
  const owners = USERS.map((u) => u.key);
  const owner = () => r.pick(owners);
  const accounts: AccountRec[] = Array.from({ length: SIZES.account }, (_, i) => ({
    id: r.uuid(), owner: owner(), deleted: r.chance(0.1), name: `Acc ${String(i).padStart(2, '0')} ${r.pick(['Alpha', 'Beta', 'Gamma'])}`,
    industry: r.pick(['fmcg', 'tech', 'retail']), region: r.pick(['north', 'south', 'east', 'west']), secretScore: r.int(100),
    tier: r.pick(['gold', 'silver', 'bronze']), touch: 0,
  }));
  const opportunities: OpportunityRec[] = Array.from({ length: SIZES.opportunity }, (_, i) => ({
    id: r.uuid(), owner: owner(), deleted: r.chance(0.08), name: `Opp ${String(i).padStart(2, '0')}`,
    stage: r.pick(['open', 'won', 'lost']), amount: 1000 + r.int(120) * 1000, margin: r.int(50),
    account: r.chance(0.1) ? null : r.pick(accounts).id, touch: 0,
  }));
  const notes: NoteRec[] = Array.from({ length: SIZES.note }, () => ({
    id: r.uuid(), owner: owner(), deleted: r.chance(0.08), body: `${r.pick(['urgent', 'follow up', 'pricing', 'call back'])} ${r.int(1000)}`,
    opportunity: r.pick(opportunities).id, touch: 0,
  }));
  const products: ProductRec[] = Array.from({ length: SIZES.product }, (_, i) => ({
    id: r.uuid(), owner: owner(), deleted: r.chance(0.1), name: `Product ${i}`, family: r.pick(['hardware', 'software', 'service']), price: 10 + r.int(1000), touch: 0,
  }));
  const campaigns: CampaignRec[] = Array.from({ length: SIZES.campaign }, (_, i) => ({
    id: r.uuid(), owner: owner(), deleted: r.chance(0.1), name: `Campaign ${i}`, channel: r.pick(['email', 'web', 'event']), budget: 100 + r.int(10000), touch: 0,
  }));
  const targets: Target[] = [
    { user: 'repW2' }, { user: 'norole' }, { user: 'repE1' }, { role: 'repEast' }, { role: 'support' }, { roleAndSubordinates: 'dirWest' },
    { roleAndSubordinates: 'dirEast' }, { group: 'partners' }, { group: 'eastTeam' },
  ];
  const shares: ShareSpec[] = [];
  const share = (object: ObjectName, list: Rec[], n: number) => {
    for (let i = 0; i < n; i++) shares.push({ object, id: r.pick(list).id, with: r.pick(targets), access: r.pick(['READ', 'READ_WRITE'] as const) });
  };
  share('account', accounts, 10);
  share('opportunity', opportunities, 12);
  share('product', products, 4);
  // One share of a soft-deleted record: it must stay invisible.
  const gone = accounts.find((a) => a.deleted);
  if (gone) shares.push({ object: 'account', id: gone.id, with: { user: 'repE1' }, access: 'READ_WRITE' });
  // shareRecord replaces the access of an existing (record, principal): keep the last one.
  const unique = new Map(shares.map((s) => [`${s.object}:${s.id}:${JSON.stringify(s.with)}`, s]));
  return {
    seed, roles: roles(), permissionSets: PERMISSION_SETS, users: USERS, groups: GROUPS, rules: RULES, shares: [...unique.values()],
    records: { account: accounts, opportunity: opportunities, note: notes, product: products, campaign: campaigns },
  };
}
