import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel } from '../model/index.ts';
import { deleteRecords, LocalApi, updateMatching, updateRecord, type OperationContext } from '../operations/index.ts';
import { recordAccess } from '../security/record-access.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Records merged into one master at a time. */
export const MAX_MERGED = 100;

export interface MergeArgs {
  masterId: string;
  duplicateIds: string[];
  /** `{field: recordId}`: the field takes the value that record (the master or one of the duplicates) has. */
  fieldChoices?: unknown;
}

const notFound = (object: ObjectModel, id: string, pointer: string) => new PlatformError('NOT_FOUND', `No ${object.name} with id ${id}`, { details: [{ pointer, message: 'not found' }] });

/** The arguments, checked before anything is read: ids, the master not among the duplicates, choices naming fields and merged records. */
function checkArgs(ctx: OperationContext, object: ObjectModel, args: MergeArgs): Record<string, string> {
  const bad = (pointer: string, message: string) => new PlatformError('BAD_USER_INPUT', `${pointer}: ${message}`, { details: [{ pointer, message }] });
  if (typeof args.masterId !== 'string' || !UUID.test(args.masterId)) throw bad('/masterId', 'is not a record id (a UUID)');
  if (!Array.isArray(args.duplicateIds) || args.duplicateIds.length === 0) throw bad('/duplicateIds', 'names at least one record');
  if (args.duplicateIds.length > MAX_MERGED) throw new PlatformError('LIMIT_EXCEEDED', `At most ${MAX_MERGED} records are merged at a time`, { details: [{ pointer: '/duplicateIds', message: 'too many' }], extensions: { limit: 'maxMerged', value: args.duplicateIds.length, max: MAX_MERGED } });
  args.duplicateIds.forEach((id, i) => {
    if (typeof id !== 'string' || !UUID.test(id)) throw bad(`/duplicateIds/${i}`, 'is not a record id (a UUID)');
    if (id === args.masterId) throw bad(`/duplicateIds/${i}`, 'is the master');
    if (args.duplicateIds.indexOf(id) !== i) throw bad(`/duplicateIds/${i}`, 'is named twice');
  });
  const choices = args.fieldChoices ?? {};
  if (choices === null || typeof choices !== 'object' || Array.isArray(choices)) throw bad('/fieldChoices', 'is an object: {field: id of the record whose value it takes}');
  const merged = new Set([args.masterId, ...args.duplicateIds]);
  const details: ErrorDetail[] = [];
  const security = ctx.security && !ctx.security.bypass ? ctx.security : undefined;
  for (const [field, from] of Object.entries(choices as Record<string, unknown>)) {
    const pointer = `/fieldChoices/${field}`;
    if (!object.catalog.fields.has(field)) details.push({ pointer, message: `${object.name} has no field ${field}` });
    else if (typeof from !== 'string' || !merged.has(from)) details.push({ pointer, message: 'names neither the master nor one of the duplicates' });
    else if (security && (!security.field(object.name, field).read || !security.field(object.name, field).update)) details.push({ pointer, message: 'you may not read and set this field' });
  }
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `${details[0].pointer}: ${details[0].message}`, { details });
  return choices as Record<string, string>;
}

/** The caller's rights, before any write: update on the master, delete on each duplicate; records they cannot see are NOT_FOUND. */
async function checkRights(ctx: OperationContext, object: ObjectModel, args: MergeArgs): Promise<void> {
  const security = ctx.security && !ctx.security.bypass ? ctx.security : undefined;
  if (security && !security.object(object.name).update) throw new PlatformError('FORBIDDEN', `You may not update ${object.name} records`, { extensions: { object: object.name, permission: 'update' } });
  if (security && !security.object(object.name).delete) throw new PlatformError('FORBIDDEN', `You may not delete ${object.name} records`, { extensions: { object: object.name, permission: 'delete' } });
  const ids = [args.masterId, ...args.duplicateIds];
  const access = await recordAccess(ctx.db, ctx.model, security, object.name, ids);
  ids.forEach((id, i) => {
    const pointer = i === 0 ? '/masterId' : `/duplicateIds/${i - 1}`;
    const a = access.get(id);
    if (!a || !a.readable || !a.live) throw notFound(object, id, pointer);
    if (!a.writable) throw new PlatformError('FORBIDDEN', `You may not ${i === 0 ? 'change' : 'delete'} ${object.name} ${id}`, { details: [{ pointer, message: 'read-only for you' }] });
  });
}

/**
 * Every live record of any object that looks up (lookup or master-detail) one of the duplicates is
 * made to look up the master instead, in batches through the save pipeline as the system (the
 * caller need not be able to change a colleague's activity for the customer to be merged; the
 * history records it `via` the caller's transport). WARN duplicate rules on those records are
 * lifted (a merge resolves duplicates), BLOCK ones still hold. Soft-deleted records are re-pointed
 * in place, so that restoring one finds the master. Returns the number of records re-pointed.
 */
async function repoint(ctx: OperationContext, object: ObjectModel, master: string, duplicates: string[]): Promise<number> {
  const system: OperationContext = { ...ctx, security: undefined, depth: ctx.depth + 1 };
  const skip = [master, ...duplicates];
  let moved = 0;
  for (const source of ctx.model.objects.values()) {
    for (const field of source.catalog.definition.fields) {
      const ref = fieldType(field.type).reference?.(field);
      if (!ref || ref.target !== object.name) continue;
      const table = qualified(ctx.model.schema, source.catalog.tableName);
      const column = quoteIdent(fieldType(field.type).columns(field)[0].column);
      // The merged records' own references (a self-lookup) stay as they are.
      const self = source === object ? ' and id <> all($2::uuid[])' : '';
      for (;;) {
        const { rows } = await ctx.db.query<{ id: string }>(`select id from ${table} where ${column} = any($1::uuid[]) and "deletedAt" is null${self} order by id limit ${ctx.limits.maxBatchSize}`, self ? [duplicates, skip] : [duplicates]);
        if (rows.length === 0) break;
        await updateMatching(system, source, { id: { in: rows.map((r) => r.id) } }, { [field.name]: master }, { allowDuplicates: true });
        moved += rows.length;
      }
      await ctx.db.query(`update ${table} set ${column} = $2 where ${column} = any($1::uuid[]) and "deletedAt" is not null${self ? ' and id <> all($3::uuid[])' : ''}`, self ? [duplicates, master, skip] : [duplicates, master]);
    }
  }
  return moved;
}

/** The duplicates' record history becomes the master's, and their manual shares the master's (the wider access where a principal had both). */
async function moveHistoryAndShares(ctx: OperationContext, object: ObjectModel, master: string, duplicates: string[]): Promise<void> {
  const audit = qualified(ctx.model.schema, '_audit');
  const share = qualified(ctx.model.schema, '_share');
  await ctx.db.query(`update ${audit} set "recordId" = $2 where "object" = $3 and "recordId" = any($1::uuid[])`, [duplicates, master, object.name]);
  await ctx.db.query(
    `insert into ${share} ("object", "recordId", "principal", "access", "createdBy")
     select "object", $2, "principal", max("access"), $4 from ${share} where "object" = $3 and "recordId" = any($1::uuid[]) group by "object", "principal"
     on conflict ("object", "recordId", "principal") do update set "access" = greatest(${share}."access", excluded."access")`,
    [duplicates, master, object.name, ctx.principal.userId]);
  await ctx.db.query(`delete from ${share} where "object" = $2 and "recordId" = any($1::uuid[])`, [duplicates, object.name]);
}

/**
 * `merge<Object>(masterId, duplicateIds, fieldChoices)`: the duplicates become the master, in the
 * caller's transaction, as the caller (update on the master, delete on each duplicate; checked
 * before anything is written). In order: every reference to a duplicate, of any object, is
 * re-pointed to the master; the duplicates' record history and shares move to the master; the
 * duplicates are soft-deleted (restorable, like any delete); the master takes the chosen fields'
 * values (an update through the save pipeline, its own history entry — after the deletion, so that
 * the duplicate rules no longer see the records it merged). Returns the master's id.
 */
export async function mergeRecords(ctx: OperationContext, object: ObjectModel, args: MergeArgs): Promise<{ id: string; repointed: number }> {
  const choices = checkArgs(ctx, object, args);
  await checkRights(ctx, object, args);
  const master = args.masterId;
  const duplicates = args.duplicateIds;
  const chosen = Object.entries(choices).filter(([, from]) => from !== master);
  const sources = chosen.length ? new Map((await new LocalApi(ctx).many(object.name, [...new Set(chosen.map(([, from]) => from))], { count: false })).map((r) => [r.id as string, r])) : new Map();
  const data = Object.fromEntries(chosen.map(([field, from]) => [field, sources.get(from)?.[field] ?? null]));
  const repointed = await repoint(ctx, object, master, duplicates);
  await moveHistoryAndShares(ctx, object, master, duplicates);
  await deleteRecords(ctx, object, duplicates);
  if (chosen.length) await updateRecord(ctx, object, master, data, undefined, { allowDuplicates: true });
  return { id: master, repointed };
}
