import type { PackageChange } from './api.ts';

/**
 * What the review screens show of a PackagePlan and an installed package, as data: changes grouped by
 * kind, links from a component to the page that edits it, a label in the UI language, a value as text.
 */

/** The changes by kind, kinds in the order they first appear (the engine's order: objects before their fields and rules). */
export function groupByKind(changes: PackageChange[]): { kind: string; changes: PackageChange[]; destructive: number }[] {
  const groups = new Map<string, PackageChange[]>();
  for (const change of changes) groups.set(change.kind, [...(groups.get(change.kind) ?? []), change]);
  return [...groups].map(([kind, list]) => ({ kind, changes: list, destructive: list.filter((c) => c.destructive).length }));
}

/** Counts per action ("3 create, 1 delete"), for a group's heading. */
export function countByAction(changes: PackageChange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) counts[c.action] = (counts[c.action] ?? 0) + 1;
  return counts;
}

/** Kinds are named singular or plural by the engine (`object` / `objects`): one key for both. */
export function kindKey(kind: string): string {
  const k = kind.replace(/s$/, '');
  return k === 'approvalFlow' || k === 'approval-flow' ? 'approvalFlow' : k;
}

/** Kinds edited on one setup page each (no page per item). */
const SETUP_PAGES: Record<string, string> = {
  pool: '/setup/pools', scoringRule: '/setup/scoring', dispatchRule: '/setup/assignment', assignmentRule: '/setup/assignment',
  conversion: '/setup/conversions', webForm: '/setup/webforms', webhook: '/setup/webhooks', role: '/setup/roles',
  permissionSet: '/setup/roles', sharingRule: '/setup/roles', group: '/setup/roles', script: '/setup/scripts', dashboard: '/dashboards',
};

/**
 * The studio page that edits a component, when there is one: an object (and its fields, layout and rules,
 * named `object.field`) in the object manager, a list view (`object/view`) on the object's list, a
 * workflow or approval flow in its designer, other kinds on their setup page.
 */
export function componentHref(kind: string, name: string): string | null {
  const key = kindKey(kind);
  const before = (separator: string) => (name.includes(separator) ? encodeURIComponent(name.slice(0, name.indexOf(separator))) : null);
  switch (key) {
    case 'object': return `/setup/objects/${encodeURIComponent(name)}`;
    case 'field': case 'layout': case 'validationRule': case 'duplicateRule': {
      const object = before('.');
      return object ? `/setup/objects/${object}` : null;
    }
    case 'listView': {
      const object = before('/');
      return object ? `/o/${object}` : null;
    }
    case 'workflow': return `/setup/workflows/${encodeURIComponent(name)}`;
    case 'approvalFlow': return `/setup/approval-flows/${encodeURIComponent(name)}`;
    default: return SETUP_PAGES[key] ?? null;
  }
}

/** A label the API gave as text or per locale (`{en, zh-CN}`), in the UI language, else English, else any. */
export function localized(label: unknown, language: string, fallback = ''): string {
  if (typeof label === 'string') return label;
  if (!label || typeof label !== 'object') return fallback;
  const byLocale = label as Record<string, unknown>;
  const pick = byLocale[language] ?? byLocale[language.split('-')[0]!] ?? byLocale.en ?? Object.values(byLocale)[0];
  return typeof pick === 'string' ? pick : fallback;
}

/** A package or subscriber value, short: text as is, anything else as compact JSON; absent as an em dash. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
