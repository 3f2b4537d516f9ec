import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metadataApi } from '../../api/graphql.ts';

/** A field type as `fieldTypes` describes it: the JSON Schema of its own properties drives the field form. */
export interface FieldTypeInfo {
  type: string;
  label: string;
  widget: string;
  capabilities?: { uniqueable?: boolean; readOnly?: boolean };
  schema: { required?: string[]; properties?: Record<string, Record<string, unknown>> };
}

export function useFieldTypes() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['metadata', 'fieldTypes', i18n.language],
    queryFn: async () => (await metadataApi<{ fieldTypes: FieldTypeInfo[] }>('{ fieldTypes { type label widget capabilities schema } }')).fieldTypes,
    staleTime: Infinity,
  });
}

export interface FieldUsage {
  layoutSections: { section: number; label: string | null; required: boolean; readOnly: boolean }[];
  listColumn: number | null;
  indexes: string[];
  lookups: { object: string; field: string }[];
}

export function useFieldUsage(object: string, field: string | undefined) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['metadata', 'fieldUsage', object, field, i18n.language],
    enabled: Boolean(field),
    queryFn: async () => (await metadataApi<{ fieldUsage: FieldUsage | null }>(
      'query($o: String!, $f: String!) { fieldUsage(object: $o, field: $f) { layoutSections { section label required readOnly } listColumn indexes lookups { object field } } }',
      { o: object, f: field })).fieldUsage,
  });
}

export const createObject = (input: Record<string, unknown>) =>
  metadataApi('mutation($input: ObjectInput!) { createObject(input: $input) { name } }', { input });

export const updateObject = (name: string, input: Record<string, unknown>) =>
  metadataApi('mutation($name: String!, $input: ObjectUpdateInput!) { updateObject(name: $name, input: $input) { name } }', { name, input });

export const createField = (object: string, input: Record<string, unknown>) =>
  metadataApi('mutation($object: String!, $input: FieldInput!) { createField(object: $object, input: $input) { name } }', { object, input });

export const updateField = (object: string, name: string, input: Record<string, unknown>) =>
  metadataApi('mutation($object: String!, $name: String!, $input: FieldUpdateInput!) { updateField(object: $object, name: $name, input: $input) { name } }', { object, name, input });

export const deleteField = (object: string, name: string) =>
  metadataApi('mutation($object: String!, $name: String!) { deleteField(object: $object, name: $name) { name } }', { object, name });

export const reorderFields = (object: string, fields: string[]) =>
  metadataApi('mutation($object: String!, $fields: [String!]!) { reorderFields(object: $object, fields: $fields) { name } }', { object, fields });
