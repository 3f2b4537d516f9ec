import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { PlatformError } from '../errors/index.ts';
import { uploadLimits } from '../field-types/_shared/file-ref.ts';
import type { Queryable } from '../field-types/field-type.ts';
import type { ResolvedField } from '../metadata/definitions.ts';
import { makeThumbnail } from './thumbnail.ts';
import { accepted, RASTER_IMAGES, sniff } from './sniff.ts';
import { spool, TooLarge } from './spool.ts';
import { newStorageKey, thumbnailKey, type FileStorage } from './storage.ts';
import { insertFile, type FileRow } from './table.ts';

/** One upload, as a transport hands it over: the bytes as they arrive and what the client says of them. */
export interface UploadInput {
  tenantId: string;
  schema: string;
  userId: string;
  field: ResolvedField;
  fieldId: string;
  /** The client's file name: kept as a label (for downloads), never used as a path. */
  name: string;
  /** The client's declared type: checked against the content, never trusted alone. */
  declaredType: string;
  body: Readable;
}

const refused = (message: string) => new PlatformError('VALIDATION_FAILED', message, { details: [{ pointer: '/file', message }] });

/** At most 255 characters of the client's name, without path parts or control characters. */
export function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || 'file';
}

/**
 * The type a file is stored and served as, from its content first: bytes that prove a type win;
 * a declared type the content contradicts is refused (a "PNG" that is HTML); a content proving
 * nothing keeps the declared type (text, CSV). An image field takes only raster images the content
 * proves, never SVG.
 */
export function effectiveType(head: Uint8Array, declared: string, fieldType: string): string {
  const declaredType = declared.split(';')[0].trim().toLowerCase() || 'application/octet-stream';
  const proven = sniff(head);
  const vague = declaredType === 'application/octet-stream';
  if (proven === 'application/zip') {
    // Office documents, JARs, EPUBs are ZIPs: the declared container type names which.
    return vague || !/(zip|openxmlformats|opendocument|epub|java-archive)/.test(declaredType) ? 'application/zip' : declaredType;
  }
  if (proven && !vague && proven !== declaredType) throw refused(`The file is ${proven}, not the ${declaredType} it was sent as`);
  const type = proven ?? declaredType;
  if (fieldType !== 'file' && !RASTER_IMAGES.includes(type)) throw refused(`An ${fieldType} field takes PNG, JPEG, GIF or WebP images; this file is ${type}`);
  if (!proven && declaredType.startsWith('image/')) throw refused(`The file is sent as ${declaredType} but its content is no image`);
  return type;
}

/**
 * An upload for one field: streamed to a temporary file within the field's `maxSize` (and the
 * platform's), its type proven from its content and checked against the field's `accept`, a
 * thumbnail made for images, both put in storage under new random keys (per tenant), then its
 * `_files` row. Nothing of a refused upload is kept.
 */
export async function upload(db: Queryable, storage: FileStorage, input: UploadInput, platformMax: number): Promise<FileRow> {
  const limits = uploadLimits(input.field);
  const maxBytes = Math.min(limits.maxSize, platformMax);
  let spooled;
  try {
    spooled = await spool(input.body, maxBytes);
  } catch (error) {
    if (error instanceof TooLarge) throw new PlatformError('LIMIT_EXCEEDED', `The file is larger than ${maxBytes} bytes, the most ${input.field.name} takes`, { httpStatus: 413, details: [{ pointer: '/file', message: 'too large' }], extensions: { limit: 'maxSize', max: maxBytes } });
    throw error;
  }
  const keys: string[] = [];
  try {
    if (spooled.size === 0) throw refused('The file is empty');
    const mime = effectiveType(spooled.head, input.declaredType, input.field.type);
    if (!accepted(mime, limits.accept)) throw refused(`${input.field.name} takes ${limits.accept.join(', ')}; this file is ${mime}`);
    const key = newStorageKey(input.tenantId);
    await storage.put(key, createReadStream(spooled.path), spooled.size, mime);
    keys.push(key);
    const thumb = RASTER_IMAGES.includes(mime) ? await makeThumbnail(mime, await readFile(spooled.path)) : null;
    if (thumb) {
      await storage.put(thumbnailKey(key), Readable.from([thumb.bytes]), thumb.bytes.length, thumb.mime);
      keys.push(thumbnailKey(key));
    }
    return await insertFile(db, input.schema, {
      fieldId: input.fieldId, name: cleanName(input.name), size: spooled.size, mime, sha256: spooled.sha256,
      storageKey: key, thumbnailKey: thumb ? thumbnailKey(key) : null, thumbnailMime: thumb?.mime ?? null, createdBy: input.userId,
    });
  } catch (error) {
    await Promise.all(keys.map((k) => storage.delete(k).catch(() => undefined)));
    throw error;
  } finally {
    await spooled.remove();
  }
}
