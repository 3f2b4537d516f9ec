import { isPlatformError } from '../errors/index.ts';
import type { ObjectModel } from '../model/index.ts';
import { get, type ReadContext } from '../operations/index.ts';
import type { Principal } from '../auth/index.ts';
import { FILE_FIELD_TYPES } from './hook.ts';
import { fileById, type FileRow } from './table.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The object and field a file was uploaded for, by the field's definition id (renames keep it). */
function fieldOf(ctx: ReadContext, fieldId: string): { object: ObjectModel; field: string } | null {
  for (const object of ctx.model.objects.values()) {
    for (const field of object.catalog.definition.fields) {
      if (FILE_FIELD_TYPES.has(field.type) && object.catalog.fields.get(field.name)?.id === fieldId) return { object, field: field.name };
    }
  }
  return null;
}

/**
 * The file `id` when the caller may download it, else null (answered 404 alike, so nobody learns
 * which ids exist): its uploader before a record holds it; afterwards whoever may read a live
 * record that holds it in that field, by the read verb itself (object right, row-level access and
 * sharing, soft delete, field right — a field they may not read reads as null). Another tenant's
 * file is not in this tenant's `_files` at all.
 */
export async function readableFile(ctx: ReadContext & { principal: Principal }, id: string): Promise<FileRow | null> {
  if (!UUID.test(id)) return null;
  const file = await fileById(ctx.db as never, ctx.model.schema, id);
  if (!file) return null;
  if (file.recordId === null) return file.createdBy === ctx.principal.userId || ctx.security?.bypass ? file : null;
  const at = fieldOf(ctx, file.fieldId);
  if (!at) return null;
  try {
    const record = await get(ctx, { object: at.object.name, id: file.recordId, select: [{ key: 'f', kind: 'field', field: at.field }] });
    return (record?.f as { id?: string } | null)?.id === file.id ? file : null;
  } catch (error) {
    if (isPlatformError(error) && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return null;
    throw error;
  }
}
