import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataApi, metadataApi } from '../api/graphql.ts';
import { usePlugins } from '../plugins/api.ts';

/** A pool as the `pools` kind carries it (runtime/src/pools/definition.ts). */
export interface Pool {
  name: string;
  object: string;
  label?: { en: string; zh?: string };
  default?: boolean;
  members?: { type: 'user'; users: string[] }[] | { type: string; [k: string]: unknown }[];
  managers?: { type: string; [k: string]: unknown }[];
  privateCap?: number;
  dailyClaimQuota?: number;
  reclaimCooldown?: string;
  firstFollowUp?: string;
  overdue?: string;
  remindBefore?: string;
  followUp?: { activities?: { object: string; field: string }[]; fields?: string[] };
  transfers?: { when: string; to: string }[];
  releaseReasons?: string[];
}

export interface PoolStatus { privateCount: number; privateCap: number | null; claimedToday: number; dailyQuota: number | null }
export type PoolRecord = Record<string, unknown> & { id: string };
export interface PrivateEntry { record: PoolRecord; pool: string | null; dueAt: string | null; dueReason: string | null }
export interface HistoryEntry { at: string; action: string; reason: string | null; from: string | null; to: string | null; pool: string | null }

/** Whether the server runs the pools plugin (its queries exist only then). */
export function usePoolsInstalled(): boolean {
  return (usePlugins().data ?? []).some((p) => p.name === 'pools');
}

export function usePools(enabled = true) {
  return useQuery({ queryKey: ['pools', 'definitions'], enabled, queryFn: async () => (await dataApi<{ poolDefinitions: Pool[] }>('{ poolDefinitions }')).poolDefinitions });
}

export function usePublicPool(object: string, pool: string | null) {
  return useQuery({
    queryKey: ['pools', 'public', object, pool],
    queryFn: async () => (await dataApi<{ poolRecords: { pool: string; nodes: PoolRecord[] } }>('query($o: String!, $p: String) { poolRecords(object: $o, pool: $p) }', { o: object, p: pool })).poolRecords,
  });
}

export function useMyPool(object: string) {
  return useQuery({
    queryKey: ['pools', 'mine', object],
    queryFn: async () => {
      const fetchedAt = Date.now();
      const mine = (await dataApi<{ myPoolRecords: PoolStatus & { now: string; nodes: PrivateEntry[] } }>('query($o: String!) { myPoolRecords(object: $o) }', { o: object })).myPoolRecords;
      // The server's clock (a test clock may be anywhere): countdowns count from it.
      return { ...mine, offset: new Date(mine.now).getTime() - fetchedAt };
    },
  });
}

export function usePoolHistory(object: string, id: string, enabled: boolean) {
  return useQuery({ queryKey: ['pools', 'history', object, id], enabled, queryFn: async () => (await dataApi<{ poolHistory: HistoryEntry[] }>('query($o: String!, $id: ID!) { poolHistory(object: $o, id: $id) }', { o: object, id })).poolHistory });
}

/** Claim, release: each refreshes both pools and the status. */
export function usePoolActions(object: string) {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ['pools'] });
  return {
    claim: useMutation({ mutationFn: (ids: string[]) => dataApi('mutation($o: String!, $ids: [ID!]!) { claimRecords(object: $o, ids: $ids) }', { o: object, ids }), onSettled: done }),
    release: useMutation({ mutationFn: (v: { ids: string[]; reason: string | null }) => dataApi('mutation($o: String!, $ids: [ID!]!, $r: String) { releaseRecords(object: $o, ids: $ids, reason: $r) }', { o: object, ids: v.ids, r: v.reason }), onSettled: done }),
  };
}

/** Saves the tenant's pools as one document section (applyMetadata replaces the kind's items with these). */
export function useSavePools() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (pools: Pool[]) => metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { pools } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pools'] }),
  });
}
