import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataApi, metadataApi } from '../api/graphql.ts';

/** A scoring rule as the `scoringRules` kind carries it (runtime/src/scoring/definition.ts). */
export interface ScoringRule {
  name: string;
  object: string;
  field: string;
  label?: { en: string; zh?: string };
  active?: boolean;
  criteria?: { label?: string; when: string; points: number }[];
  activities?: { label?: string; object: string; field: string; when?: string; points: number; within?: string; dateField?: string; max?: number }[];
}
export interface Progress { rule: string; done: number; total: number | null; startedAt: string; finishedAt: string | null }

export function useScoringRules() {
  return useQuery({ queryKey: ['scoring', 'rules'], queryFn: async () => (await dataApi<{ scoringRules: ScoringRule[] }>('{ scoringRules }')).scoringRules });
}

/** The latest full recomputation of each rule; polled while one runs. */
export function useScoringProgress() {
  return useQuery({
    queryKey: ['scoring', 'progress'],
    queryFn: async () => (await dataApi<{ scoringProgress: Progress[] }>('{ scoringProgress }')).scoringProgress,
    refetchInterval: (q) => ((q.state.data ?? []).some((p) => !p.finishedAt) ? 1000 : false),
  });
}

/** Saves the whole `scoringRules` section (rules left out are deleted); refusals come back with pointers. */
export function useSaveScoringRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (scoringRules: ScoringRule[]) => metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { scoringRules } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['scoring'] }),
  });
}
