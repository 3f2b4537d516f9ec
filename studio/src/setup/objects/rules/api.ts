import { useQuery, useQueryClient } from '@tanstack/react-query';
import { metadataApi } from '../../../api/graphql.ts';

/** A validation rule as stored (`validationRules` of applyMetadata documents). */
export interface ValidationRule {
  name: string;
  object: string;
  assert: string;
  message: Record<string, string>;
  field?: string;
  on: 'create' | 'update' | 'both';
  active: boolean;
}

const key = (object: string) => ['metadata', 'validationRules', object];

export function useValidationRules(object: string) {
  return useQuery({
    queryKey: key(object),
    queryFn: async () => (await metadataApi<{ validationRules: ValidationRule[] }>('query($o: String) { validationRules(object: $o) }', { o: object })).validationRules,
  });
}

export function useInvalidateRules(object: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key(object) });
}

/** Creates or replaces one rule (a document with just it: the others are left alone). */
export const saveValidationRule = (rule: Record<string, unknown>) =>
  metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { validationRules: [rule] } });

export const deleteValidationRule = (name: string) =>
  metadataApi('mutation($n: String!) { deleteValidationRule(name: $n) }', { n: name });
