import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataApi, metadataApi } from '../../api/graphql.ts';
import type { Doc, ProcessKind } from './model.ts';

/** A live definition with its latest version number (null: saved before versions were kept). */
export interface Definition { name: string; version: number | null; definition: Doc }
export interface Version { version: number; createdAt: string; definition: Doc }

const key = (kind: ProcessKind, ...rest: unknown[]) => ['processes', kind.name, ...rest];

/** The kind's live items (the plugin's `workflowDefinitions` / `approvalFlowDefinitions` on /graphql). */
export function useDefinitions(kind: ProcessKind) {
  return useQuery({ queryKey: key(kind), queryFn: async () => (await dataApi<Record<string, Definition[]>>(`{ ${kind.listQuery} }`))[kind.listQuery] });
}

/** Every saved version of one item, oldest first. */
export function useVersions(kind: ProcessKind, name: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: key(kind, 'versions', name),
    enabled: enabled && Boolean(name),
    queryFn: async () => (await dataApi<Record<string, Version[]>>(`query($n: String!) { ${kind.versionsQuery}(${kind.versionsArg}: $n) }`, { n: name }))[kind.versionsQuery],
  });
}

/** The published JSON Schemas of every metadata kind (they change only with the server's plugins). */
export function useSchemas() {
  return useQuery({
    queryKey: ['metadata', 'schemas'],
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch('/metadata/schema', { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`GET /metadata/schema answered ${res.status}`);
      return ((await res.json()) as { schemas: Record<string, unknown>[] }).schemas;
    },
  });
}

/** Saves one item as a metadata document of its kind (creates it, or makes it look like `doc`). */
export function useSaveDefinition(kind: ProcessKind) {
  const client = useQueryClient();
  return useMutation<unknown, Error, Doc>({
    mutationFn: (doc) => metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { [kind.name]: [doc] } }),
    onSuccess: () => client.invalidateQueries({ queryKey: key(kind) }),
  });
}

export function useDeleteDefinition(kind: ProcessKind) {
  const client = useQueryClient();
  return useMutation<unknown, Error, string>({
    mutationFn: (name) => metadataApi('mutation($k: String!, $n: String!) { deletePluginItem(kind: $k, name: $n) }', { k: kind.name, n: name }),
    onSuccess: () => client.invalidateQueries({ queryKey: key(kind) }),
  });
}

/** The tenant's users, for approver pickers (empty for a reader who may not list them). */
export function useUserChoices() {
  return useQuery({
    queryKey: ['processes', 'users'],
    queryFn: async () => {
      try { return (await metadataApi<{ users: { id: string; name: string; email: string }[] }>('{ users { id name email } }')).users; } catch { return []; }
    },
  });
}
