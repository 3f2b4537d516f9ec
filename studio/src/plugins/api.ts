import { useQuery } from '@tanstack/react-query';
import { metadataApi } from '../api/graphql.ts';

export type Label = { en: string; zh?: string };

export type StudioBlock =
  | { type: 'text'; text: Label }
  | { type: 'query'; query: string; title?: Label; input?: unknown }
  | { type: 'records'; object: string; title?: Label; fields?: string[] };

export interface PluginPageSpec { path: string; title: Label; blocks: StudioBlock[] }

/** A plugin installed on the server, with what it shows in the studio. */
export interface InstalledPlugin {
  name: string;
  version: string;
  label: Label;
  description: string | null;
  studio: { nav?: { label: Label; page: string }[]; pages?: PluginPageSpec[] };
}

/** The server's plugins (`plugins` on /metadata): their navigation entries and pages. */
export function usePlugins() {
  return useQuery({
    queryKey: ['plugins'],
    queryFn: async () => (await metadataApi<{ plugins: InstalledPlugin[] }>('{ plugins { name version label description studio } }')).plugins,
    staleTime: 60_000,
  });
}

/** A label in the UI language (English when it has no translation). */
export function labelIn(label: Label | undefined, language: string): string {
  if (!label) return '';
  return (language.startsWith('zh') ? label.zh : undefined) ?? label.en;
}
