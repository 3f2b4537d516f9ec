import { useQuery } from '@tanstack/react-query';
import { dataApi } from '../api/graphql.ts';
import type { ObjectMeta } from '../api/metadata.ts';

export interface FunnelStep { stage: string; count: number; conversion: number | null }
export interface Funnel { steps: FunnelStep[]; groups: { key: unknown; steps: FunnelStep[] }[] }

export interface FunnelArgs { object: string; stageField: string; groupBy?: string; from?: string; to?: string }

/** `funnel(...)` on /graphql, as the signed-in user (their records only). */
export function useFunnel(args: FunnelArgs | null) {
  return useQuery({
    queryKey: ['funnel', args],
    enabled: !!args,
    queryFn: async () => (await dataApi<{ funnel: Funnel }>(
      'query($o: String!, $s: String!, $g: String, $f: DateTime, $t: DateTime) { funnel(object: $o, stageField: $s, groupBy: $g, from: $f, to: $t) }',
      { o: args!.object, s: args!.stageField, g: args!.groupBy ?? null, f: args!.from ?? null, t: args!.to ?? null })).funnel,
  });
}

export interface Forecast {
  period: { label: string };
  amountField: string;
  pipeline: { count: number; amount: number; weighted: number; stages: { stage: string; probability: number; count: number; amount: number; weighted: number }[] };
  closed: { amount: number; count: number };
  regression: { points: { period: string; amount: number }[]; slope: number | null; forecast: number | null };
  targets: { user: string; name: string | null; target: number; attained: number; attainment: number | null }[];
}

export function useForecast(object: string | undefined, period: string) {
  return useQuery({
    queryKey: ['forecast', object, period],
    enabled: !!object && !!period,
    queryFn: async () => (await dataApi<{ forecast: Forecast }>('query($o: String!, $p: String!) { forecast(object: $o, period: $p) }', { o: object, p: period })).forecast,
  });
}

/** An object's select fields with trackStages: true. */
export const stageFieldsOf = (object: ObjectMeta | undefined) => (object?.fields ?? []).filter((f) => f.definition?.type === 'select' && f.definition?.trackStages === true);

/** Objects with at least one tracked stage field. */
export const trackedObjects = (objects: ObjectMeta[]) => objects.filter((o) => stageFieldsOf(o).length > 0);
