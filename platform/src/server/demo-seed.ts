import { readTemplateDocument } from '@tessera/templates';
import { PRINCIPAL_COLUMNS, principalFrom, type PrincipalRow } from '../auth/authenticate.ts';
import { createUser } from '../auth/users.ts';
import { limitsFrom } from '../model/limits.ts';
import { create, inTransaction, update, type OperationContext } from '../operations/index.ts';
import type { Platform } from '../platform.ts';
import type { CreatedTenant } from '../tenancy/index.ts';
import {
  ACTIVITY_SUBJECTS, CLOSED_LOST, CITIES, companyName, day, daysAgo, finalStages, iso, leads, mobile, personName, PRODUCTS, Sampler, STAGES,
} from './demo-data.ts';

/** The seed of the demo's sample data: the same records on every first start (dates follow the day). */
const SEED = 20_241_212;

export const DEMO_COUNTS = { accounts: 60, contactsPerAccount: 2, leads: 300, opportunities: 90, activities: 450, tasks: 60 } as const;

/** The sales reps who own the demo's records (no password: an administrator gives them one). */
const REPS = [
  { name: '王伟', email: 'wang.wei@demo.local', locale: 'zh-CN' },
  { name: '李娜', email: 'li.na@demo.local', locale: 'zh-CN' },
  { name: '张敏', email: 'zhang.min@demo.local', locale: 'zh-CN' },
  { name: 'Emily Chen', email: 'emily.chen@demo.local', locale: 'en' },
  { name: 'David Liu', email: 'david.liu@demo.local', locale: 'en' },
];

/** The demo's apps (the studio's app switcher); line items stay reachable from their orders and quotes, and from setup. */
const APPS = [
  { name: 'sales', label: { en: 'Sales', 'zh-CN': '销售' }, objects: ['lead', 'opportunity', 'account', 'contact', 'activity', 'task', 'campaign'] },
  { name: 'orderToCash', label: { en: 'Order to cash', 'zh-CN': '订单与回款' }, objects: ['product', 'quote', 'order', 'invoice', 'payment', 'refund'] },
  { name: 'channels', label: { en: 'Channels & targets', 'zh-CN': '渠道与目标' }, objects: ['partner', 'leadPool', 'promotion', 'target'] },
];

export type DemoSummary = Record<string, number>;

/**
 * Makes the demo tenant a CRM: the crm-core template with three apps, five sales reps, then the sample data
 * (demo-data.ts) written as its administrator through the verbs — the save pipeline with its
 * checks, record history (via `import`) and change events — in batches, in one transaction (all
 * or nothing). Opportunities are created at their first stage and moved stage by stage, so each
 * has a history to show.
 */
export async function seedDemoCrm(platform: Platform, tenant: CreatedTenant): Promise<DemoSummary> {
  const tenantId = tenant.tenant.id;
  const adminId = tenant.admin.id;
  await platform.metadata.applyMetadata(tenantId, { userId: adminId, via: 'template' }, { ...readTemplateDocument('crm-core'), apps: APPS });
  const reps: string[] = [];
  for (const rep of REPS) reps.push((await createUser(platform.changes, tenantId, { userId: adminId, via: 'system' }, rep)).id);

  const [row] = await platform.sql.query<PrincipalRow>(`select ${PRINCIPAL_COLUMNS} from tessera.users u join tessera.tenants t on t.id = u.tenant_id where u.id = $1`, [adminId]);
  const principal = principalFrom(row, 'api', null);
  const limits = limitsFrom(principal.settings);
  const { model } = await platform.schemas.get(tenantId);
  const security = (await platform.security.get(tenantId)).contextFor(adminId);
  const s = new Sampler(SEED);
  const now = new Date(Math.floor(platform.clock.now().getTime() / 86_400_000) * 86_400_000 + 10 * 3_600_000);
  const summary: DemoSummary = {};

  await inTransaction(platform.pool, limits.statementTimeoutMs, async (db) => {
    const op: OperationContext = { principal, model, limits, db, via: 'import', pipeline: platform.pipeline, depth: 0, security, commands: platform.plugins.run };
    const object = (name: string) => model.objects.get(name)!;
    const make = async (name: string, records: Record<string, unknown>[]) => {
      const ids = await create(op, object(name), records);
      summary[name] = (summary[name] ?? 0) + ids.length;
      return ids;
    };
    const change = async (name: string, ids: string[], data: Record<string, unknown>) => {
      if (ids.length) await update(op, object(name), { filter: { id: { in: ids } } }, data);
    };
    const rep = () => s.pick(reps);
    const money = (amount: number) => ({ amount, currency: 'CNY' });

    const pools = await make('leadPool', CITIES.filter((c, i) => i % 5 === 0).map((c) => ({
      name: `${c.province}公海`, businessLine: 'CRM', region: c.region, firstFollowUpHours: 24, privatePoolCap: 50, overdueDays: 15, description: `${c.province}区域的公共线索池`,
    })));
    const campaigns = await make('campaign', [
      ['2024 上海工博会', 'tradeShow', 'completed'], ['百度搜索推广 Q3', 'sem', 'completed'], ['抖音短视频投放', 'newMedia', 'active'],
      ['Partner webinar series', 'channelPartner', 'active'], ['老客户转介绍计划', 'referral', 'active'], ['Industry 4.0 summit', 'tradeShow', 'planned'],
    ].map(([name, channel, status], i) => ({
      name, channel, status, startDate: day(daysAgo(now, 150 - i * 25)), endDate: day(daysAgo(now, 100 - i * 25)), budget: money(s.int(5, 60) * 10_000), leadCount: s.int(20, 200),
    })));
    await make('product', PRODUCTS.map((p) => ({ name: p.name, sku: p.sku, category: p.category, unit: p.unit, listPrice: money(p.price), active: true })));

    const companies = new Set<string>();
    const phones = new Set<string>(['13812345678']);
    const accountRows = Array.from({ length: DEMO_COUNTS.accounts }, (_, i) => {
      // The first is the company the README searches for.
      const company = i === 0 ? { name: '华东精密机械有限公司', domain: 'hdjm.cn', industry: 'manufacturing', place: CITIES[3] } : companyName(s, companies);
      companies.add(company.name);
      const employees = s.pick([20, 50, 120, 300, 800, 2000, 5000]);
      return {
        name: company.name, status: s.weighted([['active', 55], ['prospect', 30], ['dormant', 10], ['churned', 5]] as const),
        industry: company.industry, rating: s.pick(['A', 'B', 'B', 'C', 'C', 'D']), employees,
        size: employees < 50 ? 'small' : employees < 500 ? 'medium' : employees < 2000 ? 'large' : 'enterprise',
        annualRevenue: money(employees * s.int(20, 80) * 10_000), source: s.pick(['website', 'tradeShow', 'referral', 'channelPartner', 'sem']),
        region: company.place.region, province: company.place.province, city: company.place.city, address: `${company.place.city}市高新区科技路 ${s.int(1, 999)} 号`,
        phone: `0${s.int(10, 99)}-${s.int(5000_0000, 8999_9999)}`, email: `info@${company.domain}`, website: `https://www.${company.domain}`,
        tags: s.chance(0.3) ? [s.pick(['keyAccount', 'strategic', 'highPotential', 'vip'])] : [], owner: rep(),
      };
    });
    const accounts = await make('account', accountRows);

    const contactRows = accounts.flatMap((account, i) => Array.from({ length: DEMO_COUNTS.contactsPerAccount }, (_, j) => {
      const person = personName(s);
      return {
        account, name: person.name, title: s.pick(['采购经理', '总经理', '技术总监', 'IT 主管', 'CFO', '生产经理']), department: s.pick(['采购部', '总经办', '技术部', '信息部', '财务部']),
        decisionRole: j === 0 ? 'decisionMaker' : s.pick(['influencer', 'technicalEvaluator', 'user', 'economicBuyer', 'champion']),
        phone: mobile(s, phones), email: `${person.local}@${accountRows[i].email.split('@')[1]}`, wechat: `wx_${person.local.replace('.', '_')}`, isPrimary: j === 0, owner: accountRows[i].owner,
      };
    }));
    const contacts = await make('contact', contactRows);

    const leadRows = leads(s, DEMO_COUNTS.leads, { campaigns, pools, reps, admin: adminId }, phones, now, { name: '王伟', phone: '13812345678' });
    const leadIds = await make('lead', leadRows);

    // Opportunities: created at their first stage, then moved on stage by stage (each move a history entry).
    const ends = finalStages(s, DEMO_COUNTS.opportunities);
    const opportunityRows = ends.map(() => {
      const a = s.int(0, accounts.length - 1);
      const product = s.pick(PRODUCTS);
      const owner = accountRows[a].owner;
      return {
        name: `${accountRows[a].name.replace(/(股份|集团)?有限公司$/, '').replace(/ Co\., Ltd\.$/, '')} - ${product.category}`, account: accounts[a], primaryContact: contacts[a * DEMO_COUNTS.contactsPerAccount],
        salesRep: owner, owner, stage: STAGES[0].stage, probability: STAGES[0].probability, forecastCategory: STAGES[0].forecast, amount: money(product.price * s.int(5, 60)),
        closeDate: day(daysAgo(now, -s.int(10, 120))), opportunityType: s.pick(['newBusiness', 'newBusiness', 'upsell', 'renewal']), source: s.pick(['website', 'referral', 'tradeShow', 'channelPartner']),
        campaign: s.chance(0.3) ? s.pick(campaigns) : null, nextStep: '电话确认需求',
      };
    });
    const opportunities = await make('opportunity', opportunityRows);
    for (const [i, id] of opportunities.entries()) {
      // A revised quote for each: the amount moves once before the stages do.
      const percent = s.int(85, 119);
      await update(op, object('opportunity'), { id }, { amount: money(Math.round((opportunityRows[i].amount.amount * (percent < 100 ? percent : percent + 1)) / 100)) });
    }
    for (let k = 1; k < STAGES.length; k++) {
      const moving = opportunities.filter((_, i) => ends[i].last >= k || (ends[i].last === -1 && ends[i].lostAt >= k));
      await change('opportunity', moving, { stage: STAGES[k].stage, probability: STAGES[k].probability, forecastCategory: STAGES[k].forecast, nextStep: k === 4 ? null : ['安排产品演示', '提交方案与报价', '商务谈判'][k - 1] });
    }
    const lost = opportunities.filter((_, i) => ends[i].last === -1);
    for (const reason of ['price', 'competitor', 'noDecision', 'timing']) {
      await change('opportunity', lost.filter((_, i) => i % 4 === ['price', 'competitor', 'noDecision', 'timing'].indexOf(reason)), { stage: CLOSED_LOST.stage, probability: CLOSED_LOST.probability, forecastCategory: CLOSED_LOST.forecast, lossReason: reason, nextStep: null });
    }

    await make('activity', Array.from({ length: DEMO_COUNTS.activities }, () => {
      const type = s.weighted([['call', 35], ['wechat', 20], ['visit', 15], ['email', 15], ['meeting', 12], ['sms', 3]] as const);
      const when = new Date(daysAgo(now, s.int(0, 90)).getTime() + s.int(9, 18) * 3_600_000);
      const onLead = s.chance(0.55);
      const l = s.int(0, leadIds.length - 1);
      const leadOwner = leadRows[l].owner as string;
      const o = s.int(0, opportunities.length - 1);
      return {
        activityType: type, subject: s.pick(ACTIVITY_SUBJECTS[type]), occurredAt: iso(when), durationMinutes: type === 'visit' || type === 'meeting' ? s.int(30, 120) : s.int(3, 25),
        outcome: s.pick(['reached', 'interested', 'appointmentSet', 'notReached', 'notInterested']), performedBy: onLead ? (leadOwner === adminId ? rep() : leadOwner) : opportunityRows[o].owner,
        notes: s.pick(['客户对移动端很感兴趣，下周安排演示。', '预算已批，等待采购流程。', 'Asked for a reference customer in manufacturing.', '需要与 IT 部门确认集成方案。', '竞争对手报价更低，需要突出服务优势。']),
        ...(onLead ? { lead: leadIds[l] } : { opportunity: opportunities[o], account: opportunityRows[o].account }),
      };
    }));
    await make('task', Array.from({ length: DEMO_COUNTS.tasks }, () => {
      const o = s.int(0, opportunities.length - 1);
      const due = daysAgo(now, s.int(-14, 10));
      const status = due < now ? s.pick(['completed', 'completed', 'inProgress']) : s.pick(['notStarted', 'inProgress']);
      return {
        subject: s.pick(['准备报价单', '安排技术交流', 'Send contract draft', '回访客户使用情况', '确认付款计划']), assignee: opportunityRows[o].owner, dueAt: iso(due),
        priority: s.pick(['high', 'normal', 'normal', 'low']), status, completedAt: status === 'completed' ? iso(due) : null, opportunity: opportunities[o], account: opportunityRows[o].account,
      };
    }));
  });
  return summary;
}
