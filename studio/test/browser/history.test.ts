import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Record history reads like the record: field labels and option labels in the UI language, the
 * looked-up account by name, the owner by name, money with its currency and dates as the user's
 * locale writes them — never a UUID, an option value or currency JSON. In English and Chinese.
 */
let studio: StudioHarness;
let id: string;
let requests: string[] = [];

beforeAll(async () => {
  studio = await startStudio('history');
  await studio.metadata(`mutation { createObject(input: {name: "account", label: {en: "Account", zh_CN: "客户"}, fields: [{name: "name", type: TEXT, label: {en: "Name", zh_CN: "名称"}}]}) { name } }`);
  await studio.metadata(`mutation { createObject(input: {name: "opportunity", label: {en: "Opportunity", zh_CN: "商机"}, fields: [
    {name: "name", type: TEXT, label: {en: "Name", zh_CN: "名称"}, required: true},
    {name: "stage", type: SELECT, label: {en: "Stage", zh_CN: "阶段"}, options: [{value: "prospecting", label: {en: "Prospecting", zh_CN: "初步接洽"}}, {value: "proposal", label: {en: "Proposal", zh_CN: "方案报价"}}]},
    {name: "amount", type: CURRENCY, label: {en: "Amount", zh_CN: "金额"}, currencyCode: "USD"},
    {name: "closeDate", type: DATE, label: {en: "Close date", zh_CN: "预计成交日期"}},
    {name: "account", type: LOOKUP, target: "account", label: {en: "Account", zh_CN: "客户"}},
    {name: "won", type: BOOLEAN, label: {en: "Won", zh_CN: "已赢单"}}
  ]}) { name } }`);
  const acme = (await studio.data('mutation { createAccount(data: {name: "Acme Corp"}) { id } }')).createAccount.id;
  const globex = (await studio.data('mutation { createAccount(data: {name: "Globex"}) { id } }')).createAccount.id;
  const mia = (await studio.metadata('mutation { createUser(input: {email: "mia@history.test", name: "Mia Chen"}) { id } }')).createUser.id;
  id = (await studio.data('mutation($a: ID!) { createOpportunity(data: {name: "Big deal", stage: prospecting, amount: {amount: 1200}, closeDate: "2026-09-30", account: $a, won: false}) { id } }', { a: acme })).createOpportunity.id;
  await studio.data('mutation($id: ID!, $a: ID!) { updateOpportunity(id: $id, data: {stage: proposal, amount: {amount: 1500.5, currency: "EUR"}, closeDate: "2026-10-15", account: $a, won: true}) { id } }', { id, a: globex });
  await studio.data('mutation($id: ID!, $o: ID!) { updateOpportunity(id: $id, data: {owner: $o}) { id } }', { id, o: mia });
});
afterAll(() => studio?.close());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function historyText(lang: string, heading: string, waitFor: string) {
  const page = await studio.newPage();
  await studio.signIn(page);
  requests = [];
  page.on('request', (r) => { if (r.url().endsWith('/graphql')) requests.push(r.postData() ?? ''); });
  await page.goto(`/o/opportunity/${id}?lang=${lang}`);
  const history = page.getByRole('region', { name: heading });
  await history.getByText(waitFor).first().waitFor();
  const lines = await history.locator('li[data-field]').allTextContents();
  await studio.screenshot(page, `history-${lang}`);
  return { lines, text: (await history.textContent()) ?? '' };
}

describe('record history', () => {
  it('reads like the record in English', async () => {
    const admin = (await studio.metadata('{ me { name } }')).me.name;
    const { lines, text } = await historyText('en', 'History', 'Owner: ');
    expect(lines).toEqual(expect.arrayContaining([
      `Owner: ${admin} → Mia Chen`,
      'Stage: Prospecting → Proposal',
      'Amount: $1,200.00 → €1,500.50',
      'Close date: Sep 30, 2026 → Oct 15, 2026',
      'Account: Acme Corp → Globex',
      'Won: No → Yes',
      // The create entry.
      'Stage: — → Prospecting',
      'Account: — → Acme Corp',
    ]));
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/prospecting|proposal|"amount"|"currency"|2026-09-30/);
    // The names of every id (users and accounts) came in one request, after the history's own.
    const names = requests.filter((r) => r.includes('users(ids:'));
    expect(names).toHaveLength(1);
    expect(names[0]).toContain('accounts(filter:');
  });

  it('reads like the record in Chinese', async () => {
    const { lines, text } = await historyText('zh-CN', '历史记录', '所有人: ');
    expect(lines).toEqual(expect.arrayContaining([
      '阶段: 初步接洽 → 方案报价',
      '金额: US$1,200.00 → €1,500.50',
      '预计成交日期: 2026年9月30日 → 2026年10月15日',
      '客户: Acme Corp → Globex',
      '已赢单: 否 → 是',
    ]));
    expect(lines.some((l) => l.startsWith('所有人: ') && l.endsWith(' → Mia Chen'))).toBe(true);
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/prospecting|proposal|"amount"/);
  });
});
