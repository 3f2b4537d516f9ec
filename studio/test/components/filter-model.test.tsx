import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../../src/api/metadata.ts';
import { fromFilter, toFilter } from '../../src/ui/filter.ts';

const field = (name: string, type: string) => ({ name, type, label: name, operators: ['eq', 'gt', 'lt', 'in', 'isNull'], capabilities: { filterable: true } }) as unknown as FieldMeta;
const fields = [field('amount', 'NUMBER'), field('closedAt', 'DATE_TIME'), field('won', 'BOOLEAN'), field('account', 'LOOKUP'), field('stage', 'SELECT')];

describe('stored filters (sharing rules, dashboard blocks) share the record lists\' filter model', () => {
  it('converts values by field type, whatever the type\'s spelling', () => {
    expect(toFilter([
      { field: 'amount', operator: 'gt', value: '10' },
      { field: 'amount', operator: 'lt', value: '99.5' },
      { field: 'won', operator: 'eq', value: 'true' },
      { field: 'stage', operator: 'in', value: 'open, won' },
      { field: 'closedAt', operator: 'isNull', value: 'false' },
      { field: 'account', operator: 'eq', value: '7d1c0f9e-1a2b-4c3d-8e9f-000000000001' },
    ], fields)).toEqual({
      amount: { gt: 10, lt: 99.5 },
      won: { eq: true },
      stage: { in: ['open', 'won'] },
      closedAt: { isNull: false },
      account: { id: { eq: '7d1c0f9e-1a2b-4c3d-8e9f-000000000001' } },
    });
  });

  it('falls back to `and` when an operator repeats, and reads both shapes back', () => {
    const conditions = [{ field: 'amount', operator: 'gt', value: '1' }, { field: 'amount', operator: 'gt', value: '5' }];
    const filter = toFilter(conditions, fields);
    expect(filter).toEqual({ and: [{ amount: { gt: 1 } }, { amount: { gt: 5 } }] });
    expect(fromFilter(filter)).toEqual(conditions);
    expect(fromFilter({ account: { id: { eq: 'x' } }, stage: { in: ['a', 'b'] } })).toEqual([
      { field: 'account', operator: 'eq', value: 'x' },
      { field: 'stage', operator: 'in', value: 'a,b' },
    ]);
  });

  it('leaves out incomplete conditions', () => {
    expect(toFilter([{ field: 'amount', operator: 'gt', value: '' }, { field: '', operator: '', value: '' }], fields)).toEqual({});
  });
});
