import { describe, expect, it } from 'vitest';
import type { AssignmentRule, DispatchRule } from '../../src/assignment/api.ts';
import { toAValues, toAssignmentRule, toDValues, toDispatchRule } from '../../src/assignment/form-values.ts';
import { fromPicks, toPicks } from '../../src/setup/security/members.ts';

/**
 * The dispatch and assignment rule editors' form ↔ item translation: a rule saved unchanged is the
 * same document (role and group members, per-rep capacities, the score range, the performance window,
 * label and description, several set values all kept), and blank inputs are left out.
 */
const types: Record<string, string> = { stage: 'select', score: 'number', hot: 'boolean', notes: 'text' };
const typeOf = (f: string) => types[f];

describe('rule editors in the studio', () => {
  it('members as picks and back: users, roles and groups in their order, consecutive users in one member', () => {
    const team = [{ type: 'role', role: 'sales' }, { type: 'user', users: ['u1', 'u2'] }, { type: 'group', group: 'east' }, { type: 'user', users: ['u3'] }];
    expect(toPicks(team)).toEqual(['role:sales', 'user:u1', 'user:u2', 'group:east', 'user:u3']);
    expect(fromPicks(toPicks(team))).toEqual(team);
    expect(fromPicks(['user:a', 'user:b', 'role:r'])).toEqual([{ type: 'user', users: ['a', 'b'] }, { type: 'role', role: 'r' }]);
    expect(fromPicks([])).toEqual([]);
  });

  it('an assignment rule goes through the form unchanged, whatever the form does not show', () => {
    const rule: AssignmentRule = {
      name: 'best', object: 'lead', order: 2, active: false, when: 'channel = "web"', strategy: 'bestToBest', label: { en: 'Best' }, description: 'kept',
      team: [{ type: 'role', role: 'sales' }, { type: 'user', users: ['u1'] }, { type: 'group', group: 'east' }],
      capacity: 5, capacities: [{ user: 'u1', capacity: 2 }], scoreField: 'score', scoreRange: { min: 0, max: 100 },
      performance: { object: 'deal', measure: 'amount', field: 'stage', won: ['Won'], amountField: 'amount', window: 'P30D' },
    };
    expect(toAssignmentRule(toAValues(rule), rule)).toEqual(rule);
    const roundRobin: AssignmentRule = { name: 'rr', object: 'lead', strategy: 'roundRobin', team: [{ type: 'user', users: ['u1', 'u2'] }, { type: 'role', role: 'rep' }] };
    expect(toAssignmentRule(toAValues(roundRobin), roundRobin)).toEqual(roundRobin);
    expect(toAssignmentRule({ ...toAValues(), name: ' plain ', object: 'lead', team: ['role:rep'] })).toEqual({ name: 'plain', object: 'lead', strategy: 'roundRobin', team: [{ type: 'role', role: 'rep' }] });
  });

  it('switching a rule to round-robin leaves out what only bestToBest reads', () => {
    const rule: AssignmentRule = { name: 'b', object: 'lead', strategy: 'bestToBest', team: [{ type: 'role', role: 'r' }], scoreField: 'score', scoreRange: { min: 0, max: 9 },
      performance: { object: 'lead', measure: 'conversion', field: 'stage', won: ['Won'] } };
    expect(toAssignmentRule({ ...toAValues(rule), strategy: 'roundRobin' }, rule)).toEqual({ name: 'b', object: 'lead', strategy: 'roundRobin', team: [{ type: 'role', role: 'r' }] });
  });

  it('a dispatch rule goes through the form unchanged; set values are stored typed', () => {
    const rule: DispatchRule = {
      name: 'toSales', object: 'lead', order: 1, label: { en: 'To sales' }, when: 'score > 1', requiredFields: ['phone', 'company'], score: { field: 'score', min: 60 },
      pool: 'sales', set: { stage: 'Qualified', score: 5, hot: true }, assign: true, calendar: 'shanghai',
    };
    expect(toDispatchRule(toDValues(rule), rule, typeOf)).toEqual(rule);
    const v = { ...toDValues(), name: 'd', object: 'lead', set: [{ field: 'score', value: '7' }, { field: 'hot', value: 'false' }, { field: 'notes', value: '' }, { field: '', value: 'x' }] };
    expect(toDispatchRule(v, undefined, typeOf)).toEqual({ name: 'd', object: 'lead', set: { score: 7, hot: false, notes: null } });
    // Blank pool and calendar: the keys are left out (the record's own pool, the tenant's default calendar).
    expect(toDispatchRule({ ...toDValues(rule), pool: '', calendar: '' }, rule, typeOf)).not.toHaveProperty('calendar');
  });
});
