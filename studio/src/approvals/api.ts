import { dataApi, metadataApi } from '../api/graphql.ts';

/**
 * The approvals plugin's operations on `/graphql` (runtime/src/approvals/plugin.ts): the inbox
 * (`myApprovalTasks`), a record's requests (`approvalRequests`) and one mutation per operation.
 * Every answer is JSON (the plugin's queries and mutations return the `JSON` scalar).
 */
export type TaskStatus = 'pending' | 'waiting' | 'approved' | 'rejected' | 'cancelled' | 'transferred' | 'delegated' | 'removed' | 'cc';
export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'terminated';

export interface ApprovalTask {
  id: string;
  node: string;
  round: number;
  kind: 'approver' | 'added' | 'delegate' | 'cc';
  status: TaskStatus;
  assignee: string | null;
  assigneeName: string | null;
  candidates: string[] | null;
  weight: number;
  onBehalfOf: string | null;
  delegatedFrom: string | null;
  comment: string | null;
  createdAt: string;
  actedAt: string | null;
  readAt: string | null;
  urgedAt: string | null;
}

/** An inbox row: a task with its request. */
export interface InboxTask extends ApprovalTask {
  request: { id: string; flow: string; object: string; recordId: string; status: RequestStatus; node: string | null; submitter: string | null; createdAt: string };
}

/** A row of the "Submitted" tab: a request of the caller's. */
export interface SubmittedRequest {
  request: string; flow: string; version: number; object: string; recordId: string; status: RequestStatus; node: string | null; createdAt: string; finishedAt: string | null;
}

export type NodeState = 'current' | 'skipped' | 'approved' | 'rejected' | 'visited' | 'notReached';
export interface RequestNode { id: string; label: unknown; mode: 'sequential' | 'all' | 'any' | 'vote'; threshold: number | null; state: NodeState; round: number | null }
export interface ApprovalEvent { action: string; actor: string | null; actorName: string | null; node: string | null; task: string | null; comment: string | null; data: Record<string, unknown> | null; at: string }

/** One request of a record, as `approvalRequests(object, id)` answers it. */
export interface ApprovalRequest {
  id: string; flow: string; version: number; status: RequestStatus; node: string | null; submitter: string | null;
  createdAt: string; finishedAt: string | null; tasks: ApprovalTask[]; events: ApprovalEvent[]; nodes: RequestNode[];
}

export type InboxTab = 'pending' | 'submitted' | 'cc' | 'done';

export async function myApprovalTasks(status: InboxTab): Promise<(InboxTask | SubmittedRequest)[]> {
  return (await dataApi<{ myApprovalTasks: (InboxTask | SubmittedRequest)[] }>('query($s: String) { myApprovalTasks(status: $s, first: 200) }', { s: status })).myApprovalTasks;
}

export async function approvalRequests(object: string, id: string): Promise<ApprovalRequest[]> {
  return (await dataApi<{ approvalRequests: ApprovalRequest[] }>('query($o: String!, $id: ID!) { approvalRequests(object: $o, id: $id) }', { o: object, id })).approvalRequests;
}

/** The caller, with whether they are an administrator (admins may terminate and jump any request). */
export async function me(): Promise<{ id: string; isAdmin: boolean }> {
  return (await metadataApi<{ me: { id: string; isAdmin: boolean } }>('{ me { id isAdmin } }')).me;
}

/** The active approval flows of an object the caller may read (configuration readers only; others get none and submit to the first that applies). */
export async function flowsOf(object: string): Promise<{ name: string; label: unknown; order?: number }[]> {
  try {
    const { document } = await metadataApi<{ document: { approvalFlows?: { name: string; label?: unknown; object: string; active?: boolean; order?: number }[] } }>('{ document }');
    return (document.approvalFlows ?? []).filter((f) => f.object === object && f.active !== false)
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.name.localeCompare(b.name)).map((f) => ({ name: f.name, label: f.label, order: f.order }));
  } catch {
    return [];
  }
}

/** One approval mutation: its GraphQL field and typed arguments. */
const MUTATIONS = {
  submitForApproval: '$object: String!, $id: ID!, $flow: String',
  approve: '$task: ID!, $comment: String',
  reject: '$task: ID!, $comment: String, $toNode: String',
  withdraw: '$request: ID!',
  takeBack: '$task: ID!',
  transfer: '$task: ID!, $to: ID!',
  delegate: '$task: ID!, $to: ID!',
  addApprover: '$task: ID!, $users: [ID!]!, $position: String!',
  removeApprover: '$task: ID!, $user: ID!',
  claim: '$task: ID!',
  urge: '$task: ID!',
  terminate: '$request: ID!, $comment: String',
  jumpApprovalRequest: '$request: ID!, $toNode: String!',
  markApprovalRead: '$task: ID!',
  commentApproval: '$request: ID!, $comment: String!, $ask: ID',
  setApprovalDelegation: '$to: ID!, $from: DateTime!, $until: DateTime!',
} as const;
export type ApprovalMutation = keyof typeof MUTATIONS;

/** Runs an approval operation as the signed-in user; throws the platform's ApiError (LOCKED, FORBIDDEN, CONFLICT…) when refused. */
export async function runApproval(name: ApprovalMutation, variables: Record<string, unknown>): Promise<unknown> {
  const params = MUTATIONS[name];
  const args = [...params.matchAll(/\$(\w+)/g)].map((m) => `${m[1]}: $${m[1]}`).join(', ');
  return (await dataApi<Record<string, unknown>>(`mutation(${params}) { ${name}(${args}) }`, variables))[name];
}
