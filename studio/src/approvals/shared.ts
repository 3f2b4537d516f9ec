import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/graphql.ts';
import type { ObjectMeta } from '../api/metadata.ts';
import { usePlugins } from '../plugins/api.ts';
import { resolveNames } from '../records/history/names.ts';

/** Whether a plugin is installed on the server (the studio shows approvals and runs only then). */
export function useHasPlugin(name: string): boolean {
  return (usePlugins().data ?? []).some((p) => p.name === name);
}

/** A label of a flow or node (a string, or {en, zh}) in the UI language. */
export function labelText(label: unknown, language: string, fallback: string): string {
  if (typeof label === 'string' && label) return label;
  if (label && typeof label === 'object') {
    const l = label as Record<string, string>;
    return (language.startsWith('zh') ? l.zh ?? l.zh_CN ?? l['zh-CN'] : undefined) ?? l.en ?? fallback;
  }
  return fallback;
}

/** Names of users and records in one request (the history's resolver): ids of users, and `object:id` keys of records. */
export function useNames(users: (string | null | undefined)[], records: { object: string; id: string }[], objects: ObjectMeta[]) {
  const userSet = new Set(users.filter((u): u is string => !!u));
  const recordMap = new Map<string, Set<string>>();
  for (const r of records) recordMap.set(r.object, (recordMap.get(r.object) ?? new Set()).add(r.id));
  const key = [...userSet].sort().join(',') + '|' + records.map((r) => `${r.object}:${r.id}`).sort().join(',');
  const names = useQuery({
    queryKey: ['approvals', 'names', key],
    queryFn: () => resolveNames({ users: userSet, records: recordMap }, objects),
    enabled: objects.length > 0 && (userSet.size > 0 || records.length > 0),
    staleTime: 60_000,
  });
  return {
    user: (id: string | null | undefined) => (id ? names.data?.users.get(id) ?? '…' : ''),
    record: (object: string, id: string) => names.data?.records.get(`${object}:${id}`) ?? id.slice(0, 8),
  };
}

/** A refusal as users read it: the code and the server's message (LOCKED, FORBIDDEN, CONFLICT…). */
export function refusal(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) return t('refused', { code: error.code, message: error.details[0]?.message && error.details[0].message !== error.message ? `${error.message} (${error.details[0].message})` : error.message });
  return error instanceof Error ? error.message : String(error);
}

/** Dates and times in the UI language. */
export function when(value: string | null | undefined, language: string): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}
