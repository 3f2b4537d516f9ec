import { PlatformError } from '../errors/index.ts';
import { definePlugin } from '../plugins/define.ts';
import type { Plugin, PluginQuery } from '../plugins/types.ts';
import { forecast } from './forecast.ts';
import { funnel } from './funnel.ts';
import { stageHistoryHook } from './hook.ts';
import { reportTarget, visibleIds } from './scope.ts';
import { historyTable } from './stages.ts';
import { forecastItem, forecastKind } from './targets-kind.ts';
import { timeInStage } from './time-in-stage.ts';

const STRING = { type: 'string', minLength: 1, maxLength: 63 };
const ANY = {};
const schema = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, required, properties });

/**
 * Analytics as a core plugin: stage history kept on every write path (a save hook), the
 * `forecasts` kind (settings and reps' targets), and the reads `funnel`, `timeInStage`, `forecast`
 * and `stageHistory` on `/graphql` — each run as the caller, every record set planned and scoped by
 * the one access transform.
 */
export function analyticsPlugin(version: string): Plugin {
  const queries: PluginQuery[] = [
    {
      name: 'funnel',
      description: 'The funnel of a select field with trackStages: {steps: [{stage, count, conversion}], groups: [{key, steps}]} over the records you may read created in [from, to). A record counts at every step up to the furthest it reached (by the option order; lost stages are no steps); conversion = count / the previous step\'s count (null for the first).',
      args: { object: { type: 'String', required: true }, stageField: { type: 'String', required: true }, groupBy: { type: 'String' }, from: { type: 'DateTime' }, to: { type: 'DateTime' } },
      input: schema(['object', 'stageField'], { object: STRING, stageField: STRING, groupBy: STRING, from: ANY, to: ANY }),
      run: ({ op, input }) => funnel(op, input as never),
    },
    {
      name: 'timeInStage',
      description: 'Per stage of a select field with trackStages: {stages: [{stage, count, average, median}]}, the stays that ended (seconds), over the records you may read created in [from, to).',
      args: { object: { type: 'String', required: true }, stageField: { type: 'String', required: true }, from: { type: 'DateTime' }, to: { type: 'DateTime' } },
      input: schema(['object', 'stageField'], { object: STRING, stageField: STRING, from: ANY, to: ANY }),
      run: ({ op, input }) => timeInStage(op, input as never),
    },
    {
      name: 'forecast',
      description: 'The forecast of an object for a period (2025-03, 2025-Q2, 2025, or month/quarter/year: the current one): the weighted pipeline (amount × stage probability), what was won so far, a least-squares regression over the won amounts of past periods, and the reps\' targets with attainment.',
      args: { object: { type: 'String', required: true }, period: { type: 'String', required: true } },
      input: schema(['object', 'period'], { object: STRING, period: { type: 'string', minLength: 1, maxLength: 20 } }),
      run: async ({ op, input, clock }) => {
        const i = input as { object: string; period: string };
        return forecast(op, i, clock.now(), await forecastItem(op.db as never, op.model.tenantId, i.object));
      },
    },
    {
      name: 'stageHistory',
      description: 'A record\'s stays in the stages of a select field with trackStages (the first when not named): [{stage, enteredAt, leftAt, enteredBy, backfilled}], oldest first; empty for a record you may not read.',
      args: { object: { type: 'String', required: true }, id: { type: 'ID', required: true }, stageField: { type: 'String' } },
      input: schema(['object', 'id'], { object: STRING, id: { type: 'string', maxLength: 36 }, stageField: STRING }),
      run: async ({ op, input }) => {
        const i = input as { object: string; id: string; stageField?: string };
        const { stage } = reportTarget(op, i.object, i.stageField);
        if (!/^[0-9a-f-]{36}$/i.test(i.id)) throw new PlatformError('BAD_USER_INPUT', 'Not a record id', { details: [{ pointer: '/id', message: 'not a uuid' }] });
        const ids = visibleIds(op, i.object, { id: { eq: i.id } });
        const n = ids.params.length;
        const { rows } = await op.db.query(
          `select h."stage", h."enteredAt", h."leftAt", h."enteredBy", h."backfilled" from ${historyTable(op.model.schema)} h
            where h."fieldId" = $${n + 1} and h."recordId" in (${ids.text}) order by h."seq"`, [...ids.params, stage.fieldId]);
        return rows;
      },
    },
  ];
  return definePlugin({
    name: 'analytics', version, label: { en: 'Analytics', zh: '分析' }, after: ['audit'],
    description: 'Stage history of select fields with trackStages on every write path; funnels, time in stage, forecasts and reps\' targets, each over the records the caller may read.',
    saveHooks: [stageHistoryHook()],
    metadataKinds: [forecastKind()],
    queries,
  });
}
