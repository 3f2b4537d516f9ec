import { dataApi } from '../api/graphql.ts';
import type { Action } from './operations.ts';

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

/** An inbox row: a task with its request, its node's label and the caller's actions on the request. */
export interface InboxTask extends ApprovalTask {
  nodeLabel: unknown;
  actions: Action[];
  request: { id: string; flow: string; object: string; recordId: string; status: RequestStatus; node: string | null; submitter: string | null; createdAt: string };
}

/** A row of the "Submitted" tab: a request of the caller's. */
export interface SubmittedRequest {
  request: string; flow: string; version: number; object: string; recordId: string; status: RequestStatus; node: string | null; createdAt: string; finishedAt: string | null;
  nodeLabel: unknown; actions: Action[];
}

export type NodeState = 'current' | 'skipped' | 'approved' | 'rejected' | 'visited' | 'notReached';
export interface RequestNode { id: string; label: unknown; mode: 'sequential' | 'all' | 'any' | 'vote'; threshold: number | null; state: NodeState; round: number | null }
export interface ApprovalEvent { action: string; actor: string | null; actorName: string | null; node: string | null; task: string | null; comment: string | null; data: Record<string, unknown> | null; at: string }

/** One request of a record, as `approvalRequests(object, id)` answers it. */
export interface ApprovalRequest {
  id: string; flow: string; version: number; status: RequestStatus; node: string | null; submitter: string | null;
  createdAt: string; finishedAt: string | null; tasks: ApprovalTask[]; events: ApprovalEvent[]; nodes: RequestNode[];
  /** What the caller may do on it (the engine's rules: runtime/src/approvals/available.ts). */
  actions: Action[];
}

export type InboxTab = 'pending' | 'submitted' | 'cc' | 'done';

export async function myApprovalTasks(status: InboxTab): Promise<(InboxTask | SubmittedRequest)[]> {
  return (await dataApi<{ myApprovalTasks: (InboxTask | SubmittedRequest)[] }>('query($s: String) { myApprovalTasks(status: $s, first: 200) }', { s: status })).myApprovalTasks;
}

export async function approvalRequests(object: string, id: string): Promise<ApprovalRequest[]> {
  return (await dataApi<{ approvalRequests: ApprovalRequest[] }>('query($o: String!, $id: ID!) { approvalRequests(object: $o, id: $id) }', { o: object, id })).approvalRequests;
}

/** The approval flows that apply to the record (their entry criteria hold), in the order a submission without a flow tries them. */
export async function flowsFor(object: string, id: string): Promise<{ name: string; label: unknown }[]> {
  return (await dataApi<{ approvalFlowsFor: { name: string; label: unknown }[] }>('query($o: String!, $id: ID!) { approvalFlowsFor(object: $o, id: $id) }', { o: object, id })).approvalFlowsFor;
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
