/** One lead of a bulk-create batch, in the hand-written endpoint's and Tessera's input shape. */
export interface NewLead {
  name: string;
  phone: string;
  status: string;
  source: string;
  score: number;
  account: string;
}

/** How one server is asked each workload, and how its answers are read. */
export interface Target {
  name: string;
  /** The path each request goes to (`/graphql`, or the hand-written routes). */
  path: (workload: 'list' | 'byId' | 'bulk') => string;
  headers: Record<string, string>;
  list: string;
  byId: (id: string) => string;
  bulk: (leads: NewLead[]) => string;
  /** The lead ids of a list answer, in order. */
  listIds: (answer: any) => string[];
  byIdOf: (answer: any) => string | undefined;
  bulkIds: (answer: any) => string[];
}

const gql = (query: string, variables?: Record<string, unknown>) => JSON.stringify(variables ? { query, variables } : { query });

export const handWritten: Target = {
  name: 'hand-written (http + pg, SQL-built JSON)',
  path: (w) => ({ list: '/list', byId: '/lead', bulk: '/bulk' })[w],
  headers: {},
  list: JSON.stringify({ status: 'MQL', source: 'sem', first: 50 }),
  byId: (id) => JSON.stringify({ id }),
  bulk: (leads) => JSON.stringify({ data: leads }),
  listIds: (a) => a.data.leads.edges.map((e: any) => e.node.id),
  byIdOf: (a) => a.data.lead?.id,
  bulkIds: (a) => a.data.createLeads.map((r: any) => r.id),
};

/** `idType`: the type of `lead(id:)`'s argument as the schema declares it (`ID!`, `UUID!`…). */
export function tessera(apiKey: string, idType = 'ID!'): Target {
  return {
    name: 'Tessera /graphql',
    path: () => '/graphql',
    headers: { authorization: `Bearer ${apiKey}` },
    list: gql(`{ leads(filter: {status: {eq: MQL}, source: {eq: sem}}, orderBy: [{createdAt: DESC}], first: 50) { edges { node { id name phone status score createdAt account { name industry } } } } }`),
    byId: (id) => gql(`query($id: ${idType}) { lead(id: $id) { id name phone status score createdAt account { name industry } } }`, { id }),
    bulk: (leads) => gql(`mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`, { d: leads }),
    listIds: (a) => a.data.leads.edges.map((e: any) => e.node.id),
    byIdOf: (a) => a.data.lead?.id,
    bulkIds: (a) => a.data.createLeads.map((r: any) => r.id),
  };
}

/**
 * PostGraphile 5 names (checked by introspection): the `id` column clashes with the Node
 * interface's global `id`, so the uuid is `rowId` and the by-id field `leadByRowId(rowId:)`; the
 * lookup column `account` gives the relation `accountByAccount`; select fields are plain `String`s.
 * v5 has no bulk create: one document of aliased `createLead` fields (run one after the other).
 */
export const postgraphile: Target = {
  name: 'PostGraphile 5.1.5 (Amber + connection filter)',
  path: () => '/graphql',
  headers: {},
  list: gql(`{ allLeads(filter: {status: {equalTo: "MQL"}, source: {equalTo: "sem"}}, orderBy: CREATED_AT_DESC, first: 50) { edges { node { rowId name phone status score createdAt accountByAccount { name industry } } } } }`),
  byId: (id) => gql(`query($id: UUID!) { leadByRowId(rowId: $id) { rowId name phone status score createdAt accountByAccount { name industry } } }`, { id }),
  bulk: (leads) => gql(`mutation { ${leads.map((l, i) => `m${i}: createLead(input: {lead: {name: ${JSON.stringify(l.name)}, phone: ${JSON.stringify(l.phone)}, status: ${JSON.stringify(l.status)}, source: ${JSON.stringify(l.source)}, score: ${l.score}, account: ${JSON.stringify(l.account)}}}) { lead { rowId } }`).join(' ')} }`),
  listIds: (a) => a.data.allLeads.edges.map((e: any) => e.node.rowId),
  byIdOf: (a) => a.data.leadByRowId?.rowId,
  bulkIds: (a) => Object.values(a.data).map((r: any) => r.lead.rowId),
};
