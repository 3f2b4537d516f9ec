import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataApi, metadataApi } from '../api/graphql.ts';

/** An assignment rule as the `assignmentRules` kind carries it (runtime/src/assignment/definition.ts). */
export interface AssignmentRule {
  name: string; object: string; order?: number; active?: boolean; when?: string;
  strategy: 'roundRobin' | 'loadBalanced' | 'named' | 'bestToBest';
  team?: { type: string; [k: string]: unknown }[]; userField?: string; capacity?: number; scoreField?: string;
  [k: string]: unknown;
}
/** A dispatch rule as the `dispatchRules` kind carries it. */
export interface DispatchRule {
  name: string; object: string; order?: number; active?: boolean; when?: string; requiredFields?: string[];
  score?: { field: string; min: number }; pool?: string; set?: Record<string, unknown>; assign?: boolean; calendar?: string;
  [k: string]: unknown;
}

export function useRules() {
  return useQuery({
    queryKey: ['assignment', 'rules'],
    queryFn: async () => (await dataApi<{ assignmentRuleDefinitions: { assignmentRules: AssignmentRule[]; dispatchRules: DispatchRule[] } }>('{ assignmentRuleDefinitions }')).assignmentRuleDefinitions,
  });
}

/** Saves one kind's items as a document section (applyMetadata replaces the kind's items with these). */
export function useSaveRules() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (section: { assignmentRules: AssignmentRule[] } | { dispatchRules: DispatchRule[] }) => metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: section }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assignment'] }),
  });
}
