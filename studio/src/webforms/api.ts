import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { metadataApi } from '../api/graphql.ts';

/** A web form as the `webForms` kind carries it (runtime/src/webforms/definition.ts). */
export interface WebForm {
  name: string;
  object: string;
  fields: { field: string; name?: string; required?: boolean; label?: { en: string; zh?: string } }[];
  pool?: string;
  honeypot?: string;
  rateLimit?: { perIp?: { count: number; per: 'minute' | 'hour' }; perForm?: { count: number; per: 'minute' | 'hour' } };
  allowedOrigins?: string[];
  successRedirect?: string;
  successMessage?: { en: string; zh?: string };
  set?: Record<string, unknown>;
  active?: boolean;
  [key: string]: unknown;
}

export function useWebForms() {
  return useQuery({ queryKey: ['webforms'], queryFn: async () => (await metadataApi<{ document: { webForms?: WebForm[] } }>('{ document(kinds: ["webForms"]) }')).document.webForms ?? [] });
}

/** The object's pools (kind `pools`), for the pool picker. */
export function usePools() {
  return useQuery({ queryKey: ['webforms', 'pools'], queryFn: async () => (await metadataApi<{ document: { pools?: { name: string; object: string }[] } }>('{ document(kinds: ["pools"]) }')).document.pools ?? [] });
}

/** Saves the whole `webForms` section (forms left out are deleted); refusals come back with pointers. */
export function useSaveWebForms() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (webForms: WebForm[]) => metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { webForms } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['webforms'] }),
  });
}
