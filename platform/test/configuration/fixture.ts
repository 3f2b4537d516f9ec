import type { RunningServer } from '../../src/server/start.ts';
import { configTenant } from './support.ts';

/** The users a configuration names (by e-mail): they must exist wherever it is applied. */
export const PEOPLE = [{ email: 'ann@config.test', name: 'Ann' }, { email: 'bo@config.test', name: 'Bo' }];

export const SCRIPT = `export const triggers = {
  deal: {
    beforeCreate(ctx) {
      for (const d of ctx.records) if (!d.stage) d.stage = 'open';
    },
  },
};
export const actions = {
  deal: {
    close: {
      async run(ctx, args) {
        await ctx.db.update('deal', args.id, { stage: 'won' });
        return 'closed';
      },
    },
  },
};
`;

/** Every kind of configuration, made through the metadata API's verbs (not a document), in a new tenant. */
export async function populatedTenant(server: RunningServer, prefix = 'full') {
  const t = await configTenant(server, prefix);
  const ids: Record<string, string> = {};
  for (const p of PEOPLE) ids[p.email] = (await t.ok(`mutation($e: String!, $n: String!) { createUser(input: {email: $e, name: $n}) { id } }`, { e: p.email, n: p.name })).createUser.id;
  await t.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [
    { name: 'account', label: { en: 'Account', 'zh-CN': '客户' }, fields: [{ name: 'name', type: 'text', required: true }, { name: 'region', type: 'select', options: [{ value: 'north' }, { value: 'south' }] }] },
    {
      name: 'deal', sharing: 'PRIVATE',
      fields: [
        { name: 'title', type: 'text', required: true }, { name: 'amount', type: 'currency' }, { name: 'stage', type: 'select', options: [{ value: 'open' }, { value: 'won' }, { value: 'lost' }] },
        { name: 'closeDate', type: 'date' }, { name: 'account', type: 'lookup', target: 'account' },
      ],
      indexes: [{ fields: ['stage', 'amount'] }],
      layout: { sections: [{ label: 'Main', columns: 2, fields: [{ field: 'title', required: true }, { field: 'amount' }, { field: 'account' }] }] },
      listColumns: [{ field: 'title' }, { field: 'amount', width: 120 }],
    },
  ] } });
  await t.ok(`mutation { createRole(input: {name: "director", objectPermissions: [{object: "deal", read: true, update: true, viewAll: true}], capabilities: [exportData]}) { id } }`);
  await t.ok(`mutation { createRole(input: {name: "rep", parent: "director", objectPermissions: [{object: "deal", read: true, create: true}], fieldPermissions: [{object: "deal", field: "amount", read: true}]}) { id } }`);
  await t.ok(`mutation { createPermissionSet(input: {name: "accountEditors", objectPermissions: [{object: "account", read: true, create: true, update: true}], fieldPermissions: [{object: "deal", field: "amount", update: true}]}) { id } }`);
  await t.ok(`mutation { createGroup(input: {name: "north", members: [{roleAndSubordinates: "director"}]}) { id } }`);
  await t.ok(`mutation($u: ID!) { createGroup(input: {name: "all", members: [{group: "north"}, {role: "rep"}, {user: $u}]}) { id } }`, { u: ids['ann@config.test'] });
  await t.ok(`mutation { createSharingRule(input: {name: "northDeals", object: "deal", filter: {account: {region: {eq: "north"}}}, shareWith: {group: "north"}, access: READ}) { id } }`);
  await t.ok(`mutation($u: ID!) { createSharingRule(input: {name: "bigDeals", object: "deal", filter: {amount: {gt: 10000}}, shareWith: {user: $u}, access: READ_WRITE}) { id } }`, { u: ids['bo@config.test'] });
  await t.ok(`mutation { saveListView(input: {object: "deal", name: "Open deals", shared: true, filters: [{field: "stage", op: "eq", value: "open"}], sort: {field: "amount", direction: "DESC"}, columns: ["title", "amount", "stage"]}) { id } }`);
  await t.ok(`mutation { saveListView(input: {object: "account", name: "All accounts", shared: true}) { id } }`);
  await t.ok(`mutation { saveListView(input: {object: "deal", name: "Mine only", filters: [{field: "title", op: "startsWith", value: "A"}]}) { id } }`);
  await t.ok(`mutation($b: JSON!) { saveDashboard(input: {name: "Pipeline", blocks: $b}) { id } }`, { b: [
    { id: 'byStage', type: 'chart', title: 'Deals by stage', object: 'deal', measure: { fn: 'sum', field: 'amount' }, groupBy: { field: 'stage' }, chart: 'bar', filter: { account: { region: { eq: 'north' } } } },
    { id: 'count', type: 'chart', object: 'deal', measure: { fn: 'count' }, groupBy: { field: 'closeDate', bucket: 'MONTH' }, chart: 'line' },
  ] });
  // Apps exist only in documents (no verb makes one).
  await t.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { apps: [{ name: 'sales', label: { en: 'Sales', 'zh-CN': '销售' }, objects: ['deal', 'account'] }] } });
  await t.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { duplicateRules: [{ name: 'sameDeal', object: 'deal', action: 'WARN', match: { and: [{ field: 'account', match: 'exact' }, { field: 'title', match: 'fuzzy' }] } }] } });
  await t.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { validationRules: [{ name: 'amountPositive', object: 'deal', assert: 'OR(ISBLANK(amount), amount > 0)', message: { en: 'The amount must be positive', zh: '金额必须为正数' }, field: 'amount' }] } });
  await t.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { forecasts: [{ object: 'deal', amountField: 'amount', historyPeriods: 4, targets: [{ user: 'ann@config.test', period: '2026-Q4', amount: 5000 }] }] } });
  await t.ok(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { businessCalendars: [{ name: 'shanghai', timeZone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'], tue: ['09:00-18:00'] }, holidays: [{ date: '2026-12-24', name: 'Office party' }] }] } });
  const script = await t.ok(`mutation($s: String!) { saveScript(input: {name: "dealRules", source: $s}) { active diagnostics { message } } }`, { s: SCRIPT });
  if (!script.saveScript.active) throw new Error(JSON.stringify(script.saveScript.diagnostics));
  return { ...t, ids };
}

export const PULL = `{ document }`;
export const APPLY = `mutation($d: JSON!, $dry: Boolean) { applyMetadata(document: $d, dryRun: $dry) { dryRun applied version changes { kind action target object field notes } } }`;
