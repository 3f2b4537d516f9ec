import { describe, expect, it } from 'vitest';
import { formatRemaining } from '../../src/pools/Countdown.tsx';
import { toPool, toValues } from '../../src/pools/form-values.ts';
import type { Pool } from '../../src/pools/api.ts';

/** The pools page's countdown text and the pool editor's form ↔ item translation (what it keeps, what it leaves out). */
describe('pools in the studio', () => {
  it('counts down as d hh:mm:ss, never below zero', () => {
    expect(formatRemaining(24 * 3600_000 - 3000)).toBe('23:59:57');
    expect(formatRemaining((2 * 86_400 + 3 * 3600 + 4 * 60 + 5) * 1000)).toBe('2d 03:04:05');
    expect(formatRemaining(-5000)).toBe('00:00:00');
  });

  it('an item goes through the form unchanged, role and group members kept; blank inputs are left out', () => {
    const pool: Pool = {
      name: 'testPrep', object: 'lead', default: true, label: { en: 'Test prep', zh: '考试培训' },
      members: [{ type: 'user', users: ['u1', 'u2'] }, { type: 'role', role: 'rep' }, { type: 'group', group: 'east' }], managers: [{ type: 'group', group: 'leads' }, { type: 'user', users: ['m1'] }],
      privateCap: 3, dailyClaimQuota: 4, reclaimCooldown: 'P1D', firstFollowUp: 'PT24H', overdue: 'P15D', remindBefore: 'PT2H',
      followUp: { fields: ['status'], activities: [{ object: 'activity', field: 'lead' }] },
      transfers: [{ when: 'CONTAINS(notes, "留学")', to: 'studyAbroad' }], releaseReasons: ['a', 'b'],
    };
    const round = toPool(toValues(pool), pool);
    // The picker holds users, roles and groups alike, in their order: the same people come back.
    expect(toValues(pool).members).toEqual(['user:u1', 'user:u2', 'role:rep', 'group:east']);
    expect(round).toEqual(pool);
    expect(toPool({ ...toValues(), name: ' plain ', object: 'lead' })).toEqual({ name: 'plain', object: 'lead' });
  });
});
