import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import express, { type Request, type Response } from 'express';
import type { Readable } from 'node:stream';
import { PlatformError } from '../errors/index.ts';
import { fileFields, readableFile, RASTER_IMAGES, upload, type FileRow } from '../files/index.ts';
import { limitsFrom } from '../model/index.ts';
import { expressionContext } from '../operations/index.ts';
import type { Platform } from '../platform.ts';
import { authenticate } from './authenticate.ts';
import { rateLimit } from './rate-limit.ts';

/** The `File` JSON of an upload, as the data API answers it. */
export function fileJson(file: FileRow) {
  const url = `/files/${file.id}`;
  return { id: file.id, name: file.name, size: file.size, mimeType: file.mime, url, thumbnailUrl: file.thumbnailKey ? `${url}/thumbnail` : null };
}

const badInput = (pointer: string, message: string) => new PlatformError('BAD_USER_INPUT', message, { details: [{ pointer, message }] });

/** `attachment; filename="…"; filename*=UTF-8''…`: the client's name, quoted safely, never a header injection. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Files over HTTP, signed in as `/graphql` is (API key, or the studio session with its CSRF token):
 * - `POST /files?object=<o>&field=<f>`, multipart with one part `file`: streamed upload for that
 *   field (its maxSize and accept; the caller must be allowed to write the field), 201 with the
 *   `File` JSON; its id then goes into the field through any write.
 * - `GET /files/<id>` and `GET /files/<id>/thumbnail`: the bytes, for whoever may read them
 *   (files/access.ts), 404 for everyone else. Raster images inline, anything else as an attachment;
 *   always `nosniff` and a sandboxing CSP, so no upload runs as a page of this origin.
 */
export function filesRoute(platform: Platform) {
  const router = express.Router();
  const signIn = authenticate(platform);
  const limit = rateLimit(platform);

  router.post('/files', signIn, limit, async (req, res, next) => {
    try {
      const principal = req.principal!;
      const { model } = await platform.schemas.get(principal.tenantId);
      const objectName = typeof req.query.object === 'string' ? req.query.object : '';
      const fieldName = typeof req.query.field === 'string' ? req.query.field : '';
      const object = model.objects.get(objectName);
      if (!object) throw badInput('/object', `No object ${JSON.stringify(objectName)}`);
      const target = fileFields(object).find((f) => f.name === fieldName);
      if (!target) throw badInput('/field', `${objectName} has no file, image or signature field ${JSON.stringify(fieldName)}`);
      const security = req.security;
      if (security && !security.bypass && (!(security.object(objectName).create || security.object(objectName).update) || !security.field(objectName, fieldName).update)) {
        throw new PlatformError('FORBIDDEN', `You may not write ${objectName}.${fieldName}`, { details: [{ pointer: '/field', message: 'no write access' }] });
      }
      const field = object.catalog.definition.fields.find((f) => f.name === fieldName)!;
      const maxBytes = Math.min(Number(field.maxSize), platform.files.maxBytes);
      // A declared length far past the limit is refused before a byte is read.
      const declared = Number(req.header('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) {
        res.setHeader('connection', 'close');
        throw new PlatformError('LIMIT_EXCEEDED', `The file is larger than ${maxBytes} bytes, the most ${fieldName} takes`, { httpStatus: 413, details: [{ pointer: '/file', message: 'too large' }], extensions: { limit: 'maxSize', max: maxBytes } });
      }
      const part = await firstFile(req, maxBytes);
      try {
        const row = await upload(platform.pool, platform.files.storage, {
          tenantId: principal.tenantId, schema: model.schema, userId: principal.userId, field, fieldId: target.id,
          name: part.name, declaredType: part.type, body: part.stream,
        }, platform.files.maxBytes);
        res.status(201).json(fileJson(row));
      } catch (error) {
        // What the client still sends is not read: the connection closes after the refusal.
        part.stream.resume();
        res.setHeader('connection', 'close');
        throw error;
      }
    } catch (error) {
      next(error);
    }
  });

  const download = (thumbnail: boolean) => async (req: Request, res: Response, next: (e?: unknown) => void) => {
    try {
      const principal = req.principal!;
      const { model } = await platform.schemas.get(principal.tenantId);
      const id = String(req.params.id);
      const file = await readableFile({ model, limits: limitsFrom(principal.settings), security: req.security, db: platform.pool, expressions: expressionContext(platform.clock, principal.settings), principal }, id);
      const key = thumbnail ? file?.thumbnailKey : file?.storageKey;
      const body = file && key ? await platform.files.storage.get(key) : null;
      if (!file || !body) throw new PlatformError('NOT_FOUND', `No file ${id}${thumbnail ? ' thumbnail' : ''}`, { details: [{ pointer: '/id', message: 'not found' }] });
      const mime = thumbnail ? file.thumbnailMime! : file.mime;
      res.setHeader('content-type', mime);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('content-security-policy', "default-src 'none'; sandbox");
      res.setHeader('cross-origin-resource-policy', 'same-origin');
      // Rights can change: a browser may keep it but must ask again before using it.
      res.setHeader('cache-control', 'private, no-cache');
      res.setHeader('etag', `"${file.sha256}${thumbnail ? '-t' : ''}"`);
      res.setHeader('content-disposition', disposition(RASTER_IMAGES.includes(file.mime) ? 'inline' : 'attachment', file.name));
      if (!thumbnail) res.setHeader('content-length', String(file.size));
      body.on('error', (error) => { req.log.error({ err: error, file: file.id }, 'file read failed'); res.destroy(error); });
      body.pipe(res);
    } catch (error) {
      next(error);
    }
  };
  router.get('/files/:id', signIn, limit, download(false));
  router.get('/files/:id/thumbnail', signIn, limit, download(true));
  return router;
}

/** The multipart body's part `file`, as it streams in (other parts are skipped; a body without one is refused). */
function firstFile(req: Request, maxBytes: number): Promise<{ name: string; type: string; stream: Readable }> {
  return new Promise((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = new Busboy({ headers: req.headers as BusboyHeaders, limits: { files: 1, fileSize: maxBytes + 1, fields: 20, parts: 40 } });
    } catch {
      return reject(badInput('/file', 'An upload is sent as multipart/form-data with a part named file'));
    }
    let found = false;
    parser.on('file', (fieldName: string, stream: Readable, filename: string, _encoding: string, mimeType: string) => {
      if (fieldName !== 'file' || found) return stream.resume();
      found = true;
      resolve({ name: filename ?? 'file', type: mimeType ?? 'application/octet-stream', stream });
    });
    parser.on('error', (error: unknown) => reject(found ? error : badInput('/file', `The multipart body is malformed: ${(error as Error).message}`)));
    parser.on('finish', () => { if (!found) reject(badInput('/file', 'The request has no part named file')); });
    req.pipe(parser);
  });
}
