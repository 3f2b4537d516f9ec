import { ApiError, currentCsrfToken, currentLocale, graphql } from '../api/graphql.ts';

/** File column → field name, or `<lookup>.<unique field of its target>`. */
export type Mapping = Record<string, string>;

/** An import as `importJob` answers it. */
export interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  rowsTotal: number;
  rowsDone: number;
  rowsRefused: number;
  /** Rows processed per second since it started (null before). */
  rate: number | null;
  /** Seconds left at that rate (null while unknown). */
  eta: number | null;
  errorFile: string | null;
  error: string | null;
}

export const importJob = async (id: string): Promise<ImportJob> =>
  (await graphql<{ importJob: ImportJob }>('/graphql', 'query($id: ID!) { importJob(id: $id) }', { id })).importJob;

/** The mapping the server would use for these headers: the one saved for the object, else suggested from names and labels. */
export const importMapping = async (object: string, headers: string[]): Promise<Mapping> =>
  (await graphql<{ importMapping: { mapping: Mapping } }>('/graphql', 'query($o: String!, $h: [String!]!) { importMapping(object: $o, headers: $h) }', { o: object, h: headers })).importMapping.mapping;

/** Sends a multipart form to the imports plugin with the session cookie and CSRF token; a refusal is an ApiError with its pointers. */
async function post<T>(path: string, form: FormData, ok: number): Promise<T> {
  const csrf = currentCsrfToken();
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin', body: form,
    headers: { 'x-tessera-locale': currentLocale(), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
  });
  let body: any;
  try { body = await res.json(); } catch { throw new ApiError(res.status, [{ message: `The server answered ${res.status} without JSON` }]); }
  if (res.status !== ok) throw new ApiError(res.status, body.errors ?? [{ message: `Import refused (${res.status})` }]);
  return body as T;
}

/** `POST /import/<object>`: the file, its mapping and the match key; the job's id and the rows staged. */
export function startImport(object: string, file: File, mapping: Mapping, match: string | null): Promise<{ job: string; rows: number }> {
  const form = new FormData();
  form.append('mapping', JSON.stringify(mapping));
  if (match) form.append('match', match);
  form.append('file', file, file.name);
  return post(`/import/${encodeURIComponent(object)}`, form, 202);
}

/** The header row of a workbook, read by the server (a browser reads a CSV's itself), and the mapping it suggests. */
export function previewImport(object: string, file: File): Promise<{ format: string; headers: string[]; mapping: Mapping }> {
  const form = new FormData();
  form.append('file', file, file.name);
  return post(`/plugins/imports/preview/${encodeURIComponent(object)}`, form, 200);
}

/** `/mapping/<column>` → the column (JSON pointer escapes undone); null for other pointers. */
export function mappingColumn(pointer: string): string | null {
  const m = /^\/mapping\/(.+)$/.exec(pointer);
  return m ? m[1].replace(/~1/g, '/').replace(/~0/g, '~') : null;
}
