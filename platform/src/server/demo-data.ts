/**
 * The demo CRM's sample data: accounts, contacts, campaigns, lead pools, products, leads,
 * opportunities (and the stages each went through), activities and tasks for crm-core, with the
 * mixed Chinese and English names a Chinese B2B sales team sees. Pure and deterministic: the same
 * seed and day give the same records (demo-tenant.ts writes them through the save pipeline).
 */

/** mulberry32: a small seeded PRNG, good enough for sample data and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Sampler {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let r = this.random() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  }

  chance(p: number): boolean {
    return this.random() < p;
  }
}

const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'],
  ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'],
  ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'],
];
const GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'],
  ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'],
  ['华', 'hua'], ['玉', 'yu'], ['萍', 'ping'], ['鑫', 'xin'], ['斌', 'bin'], ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'], ['健', 'jian'], ['俊', 'jun'],
  ['帆', 'fan'], ['晨', 'chen'], ['雪', 'xue'], ['倩', 'qian'], ['颖', 'ying'], ['婷', 'ting'], ['欣', 'xin'], ['悦', 'yue'], ['佳', 'jia'], ['博', 'bo'],
];
const FIRST_NAMES = ['Emily', 'David', 'Sarah', 'Michael', 'Grace', 'Kevin', 'Linda', 'Jason', 'Amy', 'Daniel', 'Sophie', 'Eric'];
const LAST_NAMES = ['Chen', 'Wang', 'Smith', 'Miller', 'Lee', 'Brown', 'Zhang', 'Johnson', 'Liu', 'Taylor'];

/** A person's name and an e-mail local part: four in five Chinese (王伟, wang.wei), the rest English. */
export function personName(s: Sampler): { name: string; local: string } {
  if (s.chance(0.2)) {
    const first = s.pick(FIRST_NAMES);
    const last = s.pick(LAST_NAMES);
    return { name: `${first} ${last}`, local: `${first}.${last}`.toLowerCase() };
  }
  const [sur, surPy] = s.pick(SURNAMES);
  const given = s.chance(0.55) ? [s.pick(GIVEN), s.pick(GIVEN)] : [s.pick(GIVEN)];
  return { name: sur + given.map((g) => g[0]).join(''), local: `${surPy}.${given.map((g) => g[1]).join('')}` };
}

/** Cities with their province and sales region (crm-core's `region` options). */
export const CITIES: readonly { city: string; province: string; region: string; prefix: string }[] = [
  { city: '上海', province: '上海', region: 'east', prefix: '上海' }, { city: '苏州', province: '江苏', region: 'east', prefix: '苏州' },
  { city: '杭州', province: '浙江', region: 'east', prefix: '杭州' }, { city: '南京', province: '江苏', region: 'east', prefix: '华东' },
  { city: '宁波', province: '浙江', region: 'east', prefix: '宁波' }, { city: '北京', province: '北京', region: 'north', prefix: '北京' },
  { city: '天津', province: '天津', region: 'north', prefix: '华北' }, { city: '广州', province: '广东', region: 'south', prefix: '广州' },
  { city: '深圳', province: '广东', region: 'south', prefix: '深圳' }, { city: '东莞', province: '广东', region: 'south', prefix: '华南' },
  { city: '武汉', province: '湖北', region: 'central', prefix: '武汉' }, { city: '长沙', province: '湖南', region: 'central', prefix: '华中' },
  { city: '成都', province: '四川', region: 'southwest', prefix: '成都' }, { city: '重庆', province: '重庆', region: 'southwest', prefix: '西南' },
  { city: '西安', province: '陕西', region: 'northwest', prefix: '西安' }, { city: '沈阳', province: '辽宁', region: 'northeast', prefix: '东北' },
];
const BRANDS = '宏鑫瑞恒泰盛达新兴隆源通远博创锦金天宇航晟昊凯益中联信诚德利安康嘉禾佳润丰裕永长海峰明光辉星云龙腾飞捷迅智美元启正方合众汇立成顺昌茂荣耀鼎卓越英';
/** Industry words with crm-core's `industry` option and an English name for English companies. */
const TRADES: readonly { zh: string; industry: string; en: string }[] = [
  { zh: '精密机械', industry: 'manufacturing', en: 'Precision Machinery' }, { zh: '智能装备', industry: 'manufacturing', en: 'Intelligent Equipment' },
  { zh: '汽车零部件', industry: 'manufacturing', en: 'Auto Parts' }, { zh: '电子科技', industry: 'it', en: 'Electronics' },
  { zh: '信息技术', industry: 'it', en: 'Information Technology' }, { zh: '软件', industry: 'it', en: 'Software' },
  { zh: '新能源', industry: 'energy', en: 'New Energy' }, { zh: '电力工程', industry: 'energy', en: 'Power Engineering' },
  { zh: '建设工程', industry: 'construction', en: 'Construction' }, { zh: '医疗器械', industry: 'healthcare', en: 'Medical Devices' },
  { zh: '生物医药', industry: 'healthcare', en: 'Biopharma' }, { zh: '教育科技', industry: 'education', en: 'EdTech' },
  { zh: '食品', industry: 'fmcg', en: 'Foods' }, { zh: '日化', industry: 'fmcg', en: 'Household Products' },
  { zh: '物流', industry: 'logistics', en: 'Logistics' }, { zh: '商贸', industry: 'retail', en: 'Trading' },
];
const SUFFIXES = ['有限公司', '有限公司', '股份有限公司', '集团有限公司'];
const EN_BRANDS = ['Acme', 'Globex', 'Northwind', 'Sinotech', 'Bright Harbor', 'Evergreen', 'Pacific Rim', 'Silverline'];

export interface Company {
  name: string;
  domain: string;
  industry: string;
  place: (typeof CITIES)[number];
}

/** A company: 华东精密机械有限公司 and its kind, one in eight English (`Globex Logistics (Shanghai) Co., Ltd.`). */
export function companyName(s: Sampler, taken: Set<string>): Company {
  for (;;) {
    const place = s.pick(CITIES);
    const trade = s.pick(TRADES);
    let name: string;
    let domain: string;
    if (s.chance(0.125)) {
      const brand = s.pick(EN_BRANDS);
      name = `${brand} ${trade.en} (${place.city === '上海' ? 'Shanghai' : place.city === '北京' ? 'Beijing' : place.city === '深圳' ? 'Shenzhen' : 'China'}) Co., Ltd.`;
      domain = `${brand.toLowerCase().replace(/\s+/g, '')}.com`;
    } else {
      const brand = s.pick([...BRANDS]) + s.pick([...BRANDS]);
      name = `${place.prefix}${brand}${trade.zh}${s.pick(SUFFIXES)}`;
      domain = `${s.pick(['hx', 'zh', 'cn', 'gt', 'ty', 'dk'])}${s.int(10, 99)}.cn`;
    }
    if (taken.has(name)) continue;
    taken.add(name);
    return { name, domain, industry: trade.industry, place };
  }
}

/** A mainland mobile number (13812345678), never one already given. */
export function mobile(s: Sampler, taken: Set<string>): string {
  for (;;) {
    const number = `1${s.pick(['3', '5', '7', '8', '9'])}${s.int(0, 9)}${String(s.int(0, 99_999_999)).padStart(8, '0')}`;
    if (taken.has(number)) continue;
    taken.add(number);
    return number;
  }
}

export const LEAD_SOURCES: readonly (readonly [string, number])[] = [
  ['website', 16], ['sem', 14], ['newMedia', 14], ['tradeShow', 10], ['referral', 10], ['channelPartner', 8],
  ['community', 7], ['coldCall', 7], ['appStore', 5], ['resourceSwap', 4], ['other', 5],
];
export const LEAD_STATUSES: readonly (readonly [string, number])[] = [['UQL', 30], ['MQL', 24], ['SQL', 20], ['WON', 9], ['LOST', 10], ['DORMANT', 7]];
const TEAM_OF: Record<string, string> = { UQL: 'marketing', MQL: 'mdr', SQL: 'sdr', WON: 'sales', LOST: 'sdr', DORMANT: 'marketing' };
const TITLES = ['采购经理', '技术总监', '总经理', '生产部长', 'IT 经理', '设备主管', 'Procurement Manager', 'CTO', '运营总监', '项目经理'];

export interface LeadLinks {
  campaigns: string[];
  pools: string[];
  reps: string[];
  admin: string;
}

/** Leads across every channel and funnel status; private-pool ones owned by reps. */
export function leads(s: Sampler, count: number, links: LeadLinks, phones: Set<string>, now: Date, first?: { name: string; phone: string }): Record<string, unknown>[] {
  const companies = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const person = personName(s);
    const company = companyName(s, companies);
    const status = s.weighted(LEAD_STATUSES);
    const source = s.weighted(LEAD_SOURCES);
    const isPrivate = status === 'SQL' || status === 'WON' || (status === 'MQL' && s.chance(0.5));
    const created = daysAgo(now, s.int(1, 120));
    return {
      name: i === 0 && first ? first.name : person.name,
      company: company.name,
      title: s.pick(TITLES),
      phone: i === 0 && first ? first.phone : mobile(s, phones),
      email: s.chance(0.7) ? `${person.local}@${company.domain}` : null,
      source,
      sourceDetail: source === 'sem' ? s.pick(['百度 "CRM 系统"', '360 搜索', 'Bing Ads']) : source === 'tradeShow' ? s.pick(['上海工博会', '广交会', 'Canton Fair']) : null,
      campaign: s.chance(0.4) ? s.pick(links.campaigns) : null,
      status,
      team: TEAM_OF[status],
      score: s.int(status === 'UQL' ? 0 : 30, status === 'SQL' || status === 'WON' ? 100 : 70),
      pool: isPrivate ? 'private' : 'public',
      leadPool: s.pick(links.pools),
      industry: company.industry,
      region: company.place.region,
      city: company.place.city,
      companySize: s.pick(['micro', 'small', 'medium', 'large', 'enterprise']),
      inquiryCount: s.int(1, 4),
      lostReason: status === 'LOST' ? s.pick(['noNeed', 'noBudget', 'competitor', 'unreachable', 'duplicate']) : null,
      lastFollowUpAt: status === 'UQL' ? null : iso(new Date(created.getTime() + s.int(1, 48) * 3_600_000)),
      owner: isPrivate ? s.pick(links.reps) : links.admin,
    };
  });
}

export function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000 - (now.getTime() % 3_600_000));
}

export const iso = (d: Date) => d.toISOString();
export const day = (d: Date) => d.toISOString().slice(0, 10);

/** Opportunity stages in order, with the probability and forecast category each implies. */
export const STAGES: readonly { stage: string; probability: number; forecast: string }[] = [
  { stage: 'qualification', probability: 10, forecast: 'pipeline' },
  { stage: 'needsAnalysis', probability: 25, forecast: 'pipeline' },
  { stage: 'proposal', probability: 50, forecast: 'bestCase' },
  { stage: 'negotiation', probability: 75, forecast: 'commit' },
  { stage: 'closedWon', probability: 100, forecast: 'closed' },
];
export const CLOSED_LOST = { stage: 'closedLost', probability: 0, forecast: 'omitted' };

/** Where each opportunity ends: an index into STAGES, or -1 for lost (after `lostAt` stages). */
export function finalStages(s: Sampler, count: number): { last: number; lostAt: number }[] {
  return Array.from({ length: count }, () => {
    const lost = s.chance(0.16);
    return lost ? { last: -1, lostAt: s.int(0, 3) } : { last: s.weighted([[0, 20], [1, 22], [2, 22], [3, 18], [4, 18]] as const), lostAt: 0 };
  });
}

export const PRODUCTS: readonly { name: string; sku: string; category: string; unit: string; price: number }[] = [
  { name: 'Tessera CRM 专业版（年）', sku: 'CRM-PRO-Y', category: '软件订阅', unit: '用户/年', price: 1_980 },
  { name: 'Tessera CRM 企业版（年）', sku: 'CRM-ENT-Y', category: '软件订阅', unit: '用户/年', price: 3_600 },
  { name: '数据迁移服务', sku: 'SVC-MIG', category: '实施服务', unit: '项', price: 30_000 },
  { name: '定制开发（人天）', sku: 'SVC-DEV', category: '实施服务', unit: '人天', price: 2_500 },
  { name: '现场培训', sku: 'SVC-TRN', category: '培训', unit: '场', price: 8_000 },
  { name: 'Field Sales mobile add-on', sku: 'ADD-MOB', category: '增值模块', unit: '用户/年', price: 600 },
  { name: '呼叫中心集成', sku: 'ADD-CTI', category: '增值模块', unit: '套', price: 45_000 },
  { name: '企业微信集成', sku: 'ADD-WECOM', category: '增值模块', unit: '套', price: 20_000 },
];

export const ACTIVITY_SUBJECTS: Record<string, readonly string[]> = {
  call: ['电话沟通需求', '首次电话联系', 'Follow-up call', '确认预算与时间表'],
  visit: ['上门拜访', '工厂实地考察', 'On-site visit'],
  wechat: ['微信跟进', '发送产品资料（微信）'],
  email: ['发送报价单', 'Sent proposal by e-mail', '邮件确认合同条款'],
  meeting: ['产品演示会', 'Product demo', '方案评审会', '商务谈判'],
  sms: ['短信提醒会议时间'],
};
