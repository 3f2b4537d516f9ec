import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../../src/api/metadata.ts';
import { filterOf, ME } from '../../src/ui/filter-model.ts';

/**
 * Shared list views on the record's owner (the templates' "public pool" and "my leads"): `ownerId`,
 * as views store the system field, filters the data API's `owner`; `$me` on a user field is the
 * signed-in user, so one shared view shows each viewer their own records, and never everyone's.
 */
const field = (name: string, type: string): FieldMeta => ({ name, type, operators: ['eq', 'in', 'isNull'] } as unknown as FieldMeta);
const fields = [field('name', 'text'), field('assignee', 'user')];

describe('owner and $me in list view filters', () => {
  it('a condition on ownerId filters the owner (it was dropped: the object\'s fields do not list it)', () => {
    expect(filterOf(fields, [{ field: 'ownerId', op: 'isNull', value: '' }])).toEqual({ owner: { isNull: true } });
    expect(filterOf(fields, [{ field: 'ownerId', op: 'notNull', value: '' }, { field: 'name', op: 'eq', value: 'a' }])).toEqual({ and: [{ owner: { isNull: false } }, { name: { eq: 'a' } }] });
  });

  it('$me is the signed-in user on the owner and on user fields; nobody signed in matches no one', () => {
    const me = '01a2471a-0000-7000-8000-000000000001';
    expect(filterOf(fields, [{ field: 'ownerId', op: 'eq', value: ME }], { me })).toEqual({ owner: { eq: me } });
    expect(filterOf(fields, [{ field: 'assignee', op: 'eq', value: '$me' }], { me })).toEqual({ assignee: { eq: me } });
    expect(filterOf(fields, [{ field: 'ownerId', op: 'eq', value: ME }])).toEqual({ owner: { eq: '00000000-0000-0000-0000-000000000000' } });
    // On a text field `$me` is text.
    expect(filterOf(fields, [{ field: 'name', op: 'eq', value: '$me' }], { me })).toEqual({ name: { eq: '$me' } });
  });
});
