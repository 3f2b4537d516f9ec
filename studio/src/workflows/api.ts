import { dataApi } from '../api/graphql.ts';

/** The workflows plugin on `/graphql` (runtime/src/workflows/plugin.ts): run history, retry and cancel, and the in-app inbox. */
export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

export interface RunStep { seq: number; step: string; type: string; status: string; input: unknown; output: unknown; error: string | null; startedAt: string; finishedAt: string | null }
export interface WorkflowRun {
  id: string; workflow: string; version: number; status: RunStatus; object: string | null; recordId: string | null; actorId: string | null;
  trigger: Record<string, unknown>; step: string | null; error: string | null; startedAt: string; finishedAt: string | null; steps: RunStep[];
}

export async function workflowRuns(filter: { workflow?: string; status?: string }): Promise<WorkflowRun[]> {
  return (await dataApi<{ workflowRuns: WorkflowRun[] }>('query($w: String, $s: String) { workflowRuns(workflow: $w, status: $s, first: 100) }',
    { w: filter.workflow || null, s: filter.status || null })).workflowRuns;
}

export async function retryRun(id: string): Promise<void> {
  await dataApi('mutation($id: ID!) { retryWorkflowRun(id: $id) }', { id });
}

export async function cancelRun(id: string): Promise<void> {
  await dataApi('mutation($id: ID!) { cancelWorkflowRun(id: $id) }', { id });
}

export interface Notification { id: string; title: string; body: string | null; object: string | null; recordId: string | null; runId: string | null; createdAt: string; readAt: string | null }

export async function notifications(): Promise<{ unread: number; nodes: Notification[] }> {
  return (await dataApi<{ notifications: { unread: number; nodes: Notification[] } }>('{ notifications(first: 20) }')).notifications;
}

/** Marks the given notifications read (all unread ones without ids). */
export async function markRead(ids?: string[]): Promise<void> {
  await dataApi('mutation($ids: [ID!]) { markRead(ids: $ids) }', { ids: ids ?? null });
}
