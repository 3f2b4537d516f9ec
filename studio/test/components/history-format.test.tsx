import { describe, expect, it } from 'vitest';
import { historyValue, htmlText, referencedIds, type HistoryField, type HistoryFormat } from '../../src/records/history/format.ts';
import { namesDocument } from '../../src/records/history/names.ts';
import { account, deal, objectMeta } from './records-fixture.tsx';

/**
 * Record history reads like the record: every audited value type as the user knows it, in both UI
 * languages and the user's time zone; no raw UUIDs, option values or currency JSON.
 */
const ACME = '0190a5e0-0000-7000-8000-000000000001';
const GONE = '0190a5e0-0000-7000-8000-000000000009';
const MIA = '0190a5e0-0000-7000-8000-0000000000aa';
const field = (name: string) => deal.fields.find((f) => f.name === name)! as HistoryField;
const owner: HistoryField = { name: 'owner', type: 'user', label: 'Owner', options: null, target: null, currencyCode: null };

function fmt(language: string, timeZone = 'Asia/Shanghai'): HistoryFormat {
  return {
    language, timeZone,
    words: language === 'en'
      ? { yes: 'Yes', no: 'No', empty: '—', hiddenRecord: '(a record you cannot see)', unknownUser: '(unknown user)' }
      : { yes: '是', no: '否', empty: '—', hiddenRecord: '（你无权查看的记录）', unknownUser: '（未知用户）' },
    names: { records: new Map([[`account:${ACME}`, 'Acme']]), users: new Map([[MIA, 'Mia Manager']]) },
  };
}

describe('history values', () => {
  it.each([
    ['stage', 'won', 'Closed won', 'Closed won'],
    ['tags', ['hot', 'vip'], 'Hot, VIP', 'Hot, VIP'],
    ['value', { amount: 1500.5, currency: 'EUR' }, '€1,500.50', '€1,500.50'],
    ['value', { amount: 1200, currency: 'CNY' }, 'CN¥1,200.00', '¥1,200.00'],
    ['won', true, 'Yes', '是'],
    ['won', false, 'No', '否'],
    ['closeOn', '2026-09-30', 'Sep 30, 2026', '2026年9月30日'],
    ['nextCall', '2026-05-02T01:30:00.000Z', 'May 2, 2026, 9:30 AM', '2026年5月2日 09:30'],
    ['seats', 12000, '12,000', '12,000'],
    ['account', ACME, 'Acme', 'Acme'],
    ['account', GONE, '(a record you cannot see)', '（你无权查看的记录）'],
    ['manager', MIA, 'Mia Manager', 'Mia Manager'],
    ['pitch', '<p>Ship <strong>bold</strong><img src=x onerror="alert(1)"></p>', 'Ship bold', 'Ship bold'],
    ['stage', null, '—', '—'],
  ] as const)('%s = %j reads %j (en) and %j (zh-CN)', (name, value, en, zh) => {
    expect(historyValue(field(name), value, fmt('en'))).toBe(en);
    expect(historyValue(field(name), value, fmt('zh-CN'))).toBe(zh);
  });

  it('shows an owner by name, a date-time in the user\'s time zone, and never a raw id', () => {
    expect(historyValue(owner, MIA, fmt('en'))).toBe('Mia Manager');
    expect(historyValue(owner, GONE, fmt('en'))).toBe('(unknown user)');
    expect(historyValue(field('nextCall'), '2026-05-02T01:30:00.000Z', fmt('en', 'America/New_York'))).toBe('May 1, 2026, 9:30 PM');
    // A field deleted since: no metadata, still no id.
    expect(historyValue({ name: 'old', type: '', label: 'old', options: null, target: null, currencyCode: null }, GONE, fmt('en'))).toBe('(a record you cannot see)');
  });

  it('reads rich text as its words, without running or loading anything', () => {
    expect(htmlText('<h2>Plan</h2><ul><li>one</li><li>two</li></ul><script>window.ran = 1</script>')).toBe('Plan one two');
    expect((globalThis as { ran?: number }).ran).toBeUndefined();
  });
});

describe('names for a history', () => {
  it('collects lookup and user ids and asks for all of them in one document', () => {
    const lead = objectMeta('lead', 'Lead', [...deal.fields]);
    const changes = [
      { field: 'account', before: null, after: ACME },
      { field: 'account', before: ACME, after: GONE },
      { field: 'owner', before: MIA, after: GONE },
      { field: 'manager', before: null, after: MIA },
      { field: 'stage', before: 'open', after: 'won' },
    ];
    const refs = referencedIds(changes, (name) => (name === 'owner' ? owner : lead.fields.find((f) => f.name === name)));
    expect([...refs.users].sort()).toEqual([GONE, MIA].sort());
    expect([...refs.records.get('account')!].sort()).toEqual([ACME, GONE].sort());
    const doc = namesDocument(refs, [lead, account])!;
    expect(doc.query).toBe('query($u: [ID!], $r0: [ID!]) { users(ids: $u) { id name } r0: accounts(filter: {id: {in: $r0}}, first: 100) { nodes { id name } } }');
    expect(doc.variables.r0).toEqual([ACME, GONE]);
    // A target the user may not read is left out (the history says "a record you cannot see").
    const hidden = objectMeta('account', 'Account', account.fields, { access: { ...account.access, read: false } });
    expect(namesDocument(refs, [lead, hidden])!.query).toBe('query($u: [ID!]) { users(ids: $u) { id name } }');
    expect(namesDocument({ records: new Map(), users: new Set() }, [lead])).toBeNull();
  });
});
