import { ApiError, currentCsrfToken, currentLocale } from './graphql.ts';

/** An uploaded file as the data API reads it. */
export interface FileValue {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  url: string;
  thumbnailUrl: string | null;
}

/**
 * Uploads `file` for `object.field` (`POST /files`, multipart, the session cookie and CSRF token),
 * reporting progress (0..1) as it is sent; XMLHttpRequest because fetch reports no upload progress.
 */
export function uploadFile(object: string, field: string, file: Blob, name: string, onProgress?: (fraction: number) => void): Promise<FileValue> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/files?object=${encodeURIComponent(object)}&field=${encodeURIComponent(field)}`);
    xhr.withCredentials = true;
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.setRequestHeader('x-tessera-locale', currentLocale());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, [{ message: 'The upload failed: no answer from the server' }]));
    xhr.onload = () => {
      let body: any;
      try { body = JSON.parse(xhr.responseText); } catch { return reject(new ApiError(xhr.status, [{ message: `The server answered ${xhr.status} without JSON` }])); }
      if (xhr.status === 201) resolve(body as FileValue);
      else reject(new ApiError(xhr.status, body.errors ?? [{ message: `Upload refused (${xhr.status})` }]));
    };
    const form = new FormData();
    form.append('file', file, name);
    xhr.send(form);
  });
}

/** `12.3 kB` */
export function formatBytes(size: number): string {
  if (size < 1000) return `${size} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = size / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
