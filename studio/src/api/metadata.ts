import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metadataApi } from './graphql.ts';

/** A field as the studio sees it (from `/metadata`, labels in the UI language). */
export interface FieldMeta {
  name: string;
  type: string;
  label: string;
  labels: Record<string, string>;
  description: string | null;
  helpText: string | null;
  required: boolean;
  unique: boolean;
  defaultValue: unknown;
  /** `enumValue`: the value as the data API names it (the stored value, or the enum name it maps to). */
  options: { value: string; label: string; color: string | null; enumValue?: string }[] | null;
  target: string | null;
  precision: number | null;
  scale: number | null;
  maxLength: number | null;
  currencyCode: string | null;
  widget: string;
  operators: string[];
  valueSchema: Record<string, unknown>;
  /** `readOnly`: the platform assigns the value (an auto-number); forms show it and never send it. */
  capabilities: { sortable: boolean; filterable: boolean; groupable: boolean; uniqueable: boolean; readOnly?: boolean; aggregates: string[] };
  definition: Record<string, unknown>;
}

export interface LayoutMeta {
  sections: { label?: string | Record<string, string>; columns?: number; fields: { field: string; required?: boolean; readOnly?: boolean }[] }[];
}

/** The names of an object's operations in the data API (`/graphql`). */
export interface ObjectApiNames {
  type: string; one: string; many: string; connection: string; filter: string; orderBy: string; aggregate: string;
  createInput: string; updateInput: string; createOne: string; createMany: string; updateOne: string; updateMany: string;
  deleteOne: string; deleteMany: string; restoreOne: string; upsertOne: string; mergeOne: string;
}

export interface ObjectMeta {
  name: string;
  label: string;
  labels: Record<string, string>;
  pluralLabel: string;
  pluralLabels: Record<string, string>;
  description: string | null;
  sharing: string;
  fields: FieldMeta[];
  layout: LayoutMeta | null;
  listColumns: { field: string; width?: number }[] | null;
  api: ObjectApiNames;
  /** What the signed-in user may do with the object's records. */
  access: { read: boolean; create: boolean; update: boolean; delete: boolean; viewAll: boolean; modifyAll: boolean };
  /** Custom actions of active scripts: data-API mutations `(id: ID!, input: JSON): JSON`. */
  actions: ObjectActionMeta[];
}

export interface ObjectActionMeta {
  name: string;
  mutation: string;
  script: string;
  input: Record<string, unknown> | null;
}

export const FIELD_SELECTION = `name type label labels description helpText required unique defaultValue
  options { value label color enumValue } target precision scale maxLength currencyCode widget operators valueSchema capabilities definition`;

export const OBJECT_SELECTION = `name label labels pluralLabel pluralLabels description sharing layout listColumns api access actions { name mutation script input } fields { ${FIELD_SELECTION} }`;

/** Every object of the tenant, with fields; cached per UI language, refetched after metadata changes. */
export function useObjects() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['metadata', 'objects', i18n.language],
    queryFn: async () => (await metadataApi<{ objects: ObjectMeta[] }>(`{ objects { ${OBJECT_SELECTION} } }`)).objects,
    staleTime: 30_000,
  });
}

/** One object by API name (from the objects list). */
export function useObject(name: string | undefined): { object: ObjectMeta | undefined; isLoading: boolean; error: unknown } {
  const objects = useObjects();
  return { object: objects.data?.find((o) => o.name === name), isLoading: objects.isLoading, error: objects.error };
}

/** Call after any metadata change: every metadata query refetches. */
export function useInvalidateMetadata(): () => Promise<void> {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['metadata'] });
}
