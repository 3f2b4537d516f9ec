import { describe, expect, it } from 'vitest';
import { packages } from '../../src/packages/i18n.ts';
import { componentHref, countByAction, groupByKind, kindKey, localized, valueText } from '../../src/packages/plan.ts';
import type { PackageChange } from '../../src/packages/api.ts';

const change = (kind: string, action: string, name: string, destructive = false): PackageChange => ({ kind, action, name, destructive, detail: null });

/** What the package review screens derive from a plan: groups by kind, links to components, labels in the UI language. */
describe('packages gallery: plan presentation', () => {
  it('groups changes by kind in the engine\'s order and counts destructive ones', () => {
    const groups = groupByKind([change('object', 'create', 'student'), change('field', 'create', 'student.grade'), change('object', 'create', 'parent'), change('field', 'delete', 'lead.old', true)]);
    expect(groups.map((g) => [g.kind, g.changes.map((c) => c.name), g.destructive])).toEqual([
      ['object', ['student', 'parent'], 0],
      ['field', ['student.grade', 'lead.old'], 1],
    ]);
    expect(countByAction(groups[1]!.changes)).toEqual({ create: 1, delete: 1 });
  });

  it('links a component to the page that edits it, and nothing for kinds without one', () => {
    expect(componentHref('object', 'k12__lesson')).toBe('/setup/objects/k12__lesson');
    expect(componentHref('objects', 'student')).toBe('/setup/objects/student');
    expect(componentHref('field', 'student.funnelStage')).toBe('/setup/objects/student');
    expect(componentHref('field', 'orphan')).toBeNull();
    expect(componentHref('workflows', 'nurture')).toBe('/setup/workflows/nurture');
    expect(componentHref('approvalFlow', 'discount')).toBe('/setup/approval-flows/discount');
    expect(componentHref('listView', 'student/Paid students')).toBe('/o/student');
    expect(componentHref('pools', 'k12Leads')).toBe('/setup/pools');
    expect(componentHref('dashboard', 'K12 funnel')).toBe('/dashboards');
    expect(componentHref('app', 'k12')).toBeNull();
    expect(kindKey('approvalFlows')).toBe('approvalFlow');
  });

  it('names labels in the UI language, falling back to English, and shows values short', () => {
    expect(localized({ en: 'K12 tutoring', 'zh-CN': 'K12 一对一辅导' }, 'zh-CN')).toBe('K12 一对一辅导');
    expect(localized({ en: 'K12 tutoring' }, 'zh-CN')).toBe('K12 tutoring');
    expect(localized('plain', 'zh-CN')).toBe('plain');
    expect(localized(null, 'en', 'k12-tutoring')).toBe('k12-tutoring');
    expect(valueText(null)).toBe('—');
    expect(valueText({ en: 'Deal' })).toBe('{"en":"Deal"}');
    expect(valueText('x'.repeat(300))).toBe('x'.repeat(300));
    expect(valueText(['y'.repeat(300)])).toHaveLength(158);
  });

  it('has every string in both languages (no key falls back to English in zh-CN)', () => {
    const keys = (o: object, at = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, `${at}${k}.`) : [`${at}${k}`])).sort();
    expect(keys(packages['zh-CN'])).toEqual(keys(packages.en));
    const values = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'object' ? values(v) : [v as string]));
    expect(values(packages['zh-CN']).filter((v) => v.trim() === '')).toEqual([]);
  });
});
