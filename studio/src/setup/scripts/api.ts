import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { metadataApi } from '../../api/graphql.ts';

export interface Diagnostic { line: number; column: number; message: string; severity: 'error' | 'warning' }
export interface ScriptRow { name: string; version: number; activeVersion: number | null; active: boolean; language: 'TS' | 'JS'; source: string; diagnostics: Diagnostic[]; updatedAt: string }
export interface SaveResult { name: string; version: number; active: boolean; message: string; diagnostics: Diagnostic[] }
export interface TraceStep { step: string; hook?: string; object: string; records: number; ids?: string[]; ms: number; queries: number }
export interface ScriptFailure { id: string; script: string | null; version: number | null; code: string; message: string; details: unknown; trace: TraceStep[] | null; userId: string | null; at: string }

const DIAG = 'diagnostics { line column message severity }';

export function useScripts() {
  return useQuery({
    queryKey: ['scripts', 'list'],
    queryFn: async () => (await metadataApi<{ scripts: ScriptRow[] }>(`{ scripts { name version activeVersion active language source updatedAt ${DIAG} } }`)).scripts,
  });
}

/** The tenant's script declarations (.d.ts): refetched with metadata, since objects shape them. */
export function useScriptTypes() {
  return useQuery({
    queryKey: ['metadata', 'scriptTypes'],
    queryFn: async () => (await metadataApi<{ scriptTypes: string }>('{ scriptTypes }')).scriptTypes,
    staleTime: 30_000,
  });
}

export function useScriptFailures(first = 20) {
  return useQuery({
    queryKey: ['scripts', 'failures', first],
    queryFn: async () => (await metadataApi<{ scriptFailures: ScriptFailure[] }>('query($first: Int) { scriptFailures(first: $first) }', { first })).scriptFailures,
  });
}

export function useSaveScript() {
  const client = useQueryClient();
  return useMutation<SaveResult, Error, { name: string; language: 'TS' | 'JS'; source: string }>({
    mutationFn: async (input) => (await metadataApi<{ saveScript: SaveResult }>(`mutation($input: SaveScriptInput!) { saveScript(input: $input) { name version active message ${DIAG} } }`, { input })).saveScript,
    // Not awaited: the editor remounts on the new version, and the caller's callbacks must run first.
    onSuccess: () => { void client.invalidateQueries({ queryKey: ['scripts'] }); },
  });
}

export function useDeleteScript() {
  const client = useQueryClient();
  return useMutation<unknown, Error, string>({
    mutationFn: (name) => metadataApi('mutation($name: String!) { deleteScript(name: $name) }', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['scripts'] }),
  });
}
