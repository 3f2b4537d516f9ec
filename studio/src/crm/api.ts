import { dataApi, metadataApi } from '../api/graphql.ts';

/**
 * The conversions and collaboration plugins' operations on `/graphql` (runtime/src/conversions,
 * runtime/src/collaboration): the object's active conversion, `<object>Convert`, the record
 * timeline, followers and notes. Every answer is JSON.
 */
export type Mapped = { field: string } | { expr: string } | { target: string } | { value: unknown };
export interface ConversionTarget { name: string; object: string; required?: boolean; fields: Record<string, Mapped> }
export interface Conversion {
  name: string; object: string; label?: { en: string; zh?: string }; active?: boolean;
  targets: ConversionTarget[];
  source?: { set?: Record<string, Mapped>; lock?: boolean };
  moves?: { object: string; lookup: string; set: Record<string, string> }[];
}
export interface Duplicate { rule: string; action: 'BLOCK' | 'WARN'; fields: string[]; id?: string; score?: number; hidden?: true }
export interface PreviewTarget { object: string; id: string | null; values: Record<string, unknown>; duplicates?: Duplicate[] }
export interface TargetInput { existing?: string; skip?: boolean; values?: Record<string, unknown> }

export interface TimelineEntry {
  type: string; at: string; key: string;
  actor: { id: string; name: string | null } | null;
  record?: { object: string; id: string };
  data: Record<string, any>;
}
export interface TimelinePage { entries: TimelineEntry[]; hasNextPage: boolean; endCursor: string | null }

export const conversionOf = async (object: string): Promise<Conversion | null> => (await dataApi('query($o: String!) { conversionOf(object: $o) }', { o: object })).conversionOf;
export const allConversions = async (): Promise<Conversion[]> => (await dataApi('{ conversions }')).conversions;
export const saveConversions = (conversions: Conversion[]) => metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { conversions } });

export async function runConvert(object: string, id: string, input: { preview?: boolean; allowDuplicates?: boolean; targets?: Record<string, TargetInput> }) {
  const field = `${object}Convert`;
  return (await dataApi(`mutation($id: ID!, $i: JSON) { ${field}(id: $id, input: $i) }`, { id, i: input }))[field];
}

export const timeline = async (object: string, id: string, after: string | null, first = 20): Promise<TimelinePage> =>
  (await dataApi('query($o: String!, $id: ID!, $first: Int, $after: String) { timeline(object: $o, id: $id, first: $first, after: $after) }', { o: object, id, first, after })).timeline;
export const followers = async (object: string, id: string): Promise<{ id: string; name: string | null }[]> => (await dataApi('query($o: String!, $id: ID!) { followers(object: $o, id: $id) }', { o: object, id })).followers;
export const setFollowing = (object: string, id: string, follow: boolean) => dataApi(`mutation($o: String!, $id: ID!) { ${follow ? 'follow' : 'unfollow'}(object: $o, id: $id) }`, { o: object, id });
export const addNote = (object: string, id: string, body: string) => dataApi('mutation($o: String!, $id: ID!, $b: String!) { addNote(object: $o, id: $id, body: $b) }', { o: object, id, b: body });
