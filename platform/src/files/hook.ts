import { PlatformError } from '../errors/index.ts';
import { fileIdOf } from '../field-types/_shared/file-ref.ts';
import type { ObjectModel } from '../model/index.ts';
import type { SaveHook } from '../operations/index.ts';
import { qualified } from '../storage/sql/quote.ts';

/** The field types whose value is the id of an uploaded file. */
export const FILE_FIELD_TYPES: ReadonlySet<string> = new Set(['file', 'image', 'signature']);

/** The object's file-like fields: name and definition id (what `_files.fieldId` holds). */
export function fileFields(object: ObjectModel): { name: string; id: string }[] {
  return object.catalog.definition.fields
    .filter((f) => FILE_FIELD_TYPES.has(f.type))
    .map((f) => ({ name: f.name, id: object.catalog.fields.get(f.name)!.id }));
}

/**
 * The save pipeline's files step, for every write path (GraphQL single and bulk, upserts, scripts'
 * ctx.db, commands, imports): a file field may hold only a file uploaded FOR THAT FIELD that is
 * either the record's own already, or not attached anywhere and uploaded by the writer. Anything
 * else — another user's upload, a file of another record or field, an id that is no file of this
 * tenant — is VALIDATION_FAILED at the field's pointer, so a caller cannot reach a file by writing
 * its id. The write attaches the file to the record (`_files.recordId`) in the same statement that
 * checks it, under its row lock: of two writes racing to attach one upload to two records, one wins.
 *
 * It runs at afterWrite, where the ids of created records are known and before-triggers have set
 * their values. A file replaced or cleared stays attached to its record (no longer downloadable:
 * downloads need the record to hold it) until purge; a deleted record keeps its files.
 */
export function filesHook(): SaveHook {
  return {
    name: 'attach',
    step: 'afterWrite',
    events: ['create', 'update'],
    async run(ctx, batch) {
      const fields = fileFields(batch.object);
      if (fields.length === 0 || batch.ids.length === 0) return;
      const pointer = (i: number, field: string) => (batch.kind === 'create' && batch.records.length > 1 ? `/data/${i}/${field}` : `/data/${field}`);
      const wanted: { file: string; fieldId: string; record: string; pointer: string }[] = [];
      batch.records.forEach((record, i) => {
        for (const field of fields) {
          if (!(field.name in record)) continue;
          const file = fileIdOf(record[field.name]);
          if (file) wanted.push({ file, fieldId: field.id, record: batch.ids[i], pointer: pointer(i, field.name) });
        }
      });
      if (wanted.length === 0) return;
      const refuse = (w: (typeof wanted)[number], message: string) => new PlatformError('VALIDATION_FAILED', message, { details: [{ pointer: w.pointer, message }] });
      const holder = new Map<string, string>();
      for (const w of wanted) {
        const other = holder.get(w.file);
        if (other !== undefined && other !== w.record) throw refuse(w, `File ${w.file} can belong to one record only`);
        holder.set(w.file, w.record);
      }
      // System writes (no rights: migrations, templates) may attach anyone's upload; callers only their own.
      const uploader = ctx.security && !ctx.security.bypass ? ctx.principal.userId : null;
      const { rows } = await ctx.db.query<{ id: string }>(
        `update ${qualified(ctx.model.schema, '_files')} f set "recordId" = w.record
         from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as w(file, field, record)
         where f."id" = w.file and f."fieldId" = w.field
           and (f."recordId" = w.record or (f."recordId" is null and ($4::uuid is null or f."createdBy" = $4)))
         returning f."id"`,
        [wanted.map((w) => w.file), wanted.map((w) => w.fieldId), wanted.map((w) => w.record), uploader],
      );
      const attached = new Set(rows.map((r) => r.id));
      const missing = wanted.find((w) => !attached.has(w.file));
      if (missing) throw refuse(missing, `File ${missing.file} is not one you uploaded for this field, nor this record's own`);
    },
  };
}
