import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { metadataApi } from '../api/graphql.ts';

export type Measure = { fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; field?: string };
export type Bucket = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
export interface ChartBlock {
  id: string;
  type: 'chart';
  title?: string;
  object: string;
  measure: Measure;
  groupBy?: { field: string; bucket?: Bucket };
  chart: 'bar' | 'line' | 'pie' | 'funnel';
  filter?: Record<string, unknown>;
}
/** Funnel and forecast blocks (the analytics reports, for each viewer's records). */
export type { FunnelBlock, ForecastBlock } from '../analytics/blocks.tsx';
export type DashboardBlock = ChartBlock | import('../analytics/blocks.tsx').FunnelBlock | import('../analytics/blocks.tsx').ForecastBlock;
export interface Dashboard { id: string; name: string; blocks: DashboardBlock[]; updatedAt: string }

export function useDashboards() {
  return useQuery({ queryKey: ['dashboards'], queryFn: async () => (await metadataApi<{ dashboards: Dashboard[] }>('{ dashboards { id name blocks updatedAt } }')).dashboards });
}

export function useSaveDashboard() {
  const client = useQueryClient();
  return useMutation<Dashboard, Error, { id?: string; name: string; blocks: DashboardBlock[] }>({
    mutationFn: async (input) => (await metadataApi<{ saveDashboard: Dashboard }>('mutation($input: SaveDashboardInput!) { saveDashboard(input: $input) { id name blocks updatedAt } }', { input })).saveDashboard,
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['dashboards'] }); },
  });
}

export function useDeleteDashboard() {
  const client = useQueryClient();
  return useMutation<unknown, Error, string>({
    mutationFn: (id) => metadataApi('mutation($id: ID!) { deleteDashboard(id: $id) }', { id }),
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['dashboards'] }); },
  });
}
