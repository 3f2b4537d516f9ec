import { PlatformError, type ErrorDetail } from '../../errors/index.ts';
import { FieldDefinitionEntity } from '../../storage/system/entities/index.ts';
import type { Change } from '../changes.ts';
import type { ApplyContext } from './context.ts';
import { liveObject } from './objects.ts';

type ReorderFields = Extract<Change, { kind: 'reorderFields' }>;

/**
 * Puts an object's fields in the given order: `fields` names every live field exactly once. Only the
 * rows' positions change (no DDL); the order is what forms, lists and documents show by default.
 */
export async function reorderFields(ctx: ApplyContext, change: ReorderFields): Promise<void> {
  const object = liveObject(ctx, change.object, change.pointer);
  ctx.begin(change, change.object);
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  change.fields.forEach((name, i) => {
    if (!object.fields.has(name)) problems.push({ pointer: `${change.pointer}/fields/${i}`, message: `"${name}" is not a field of ${change.object}` });
    else if (seen.has(name)) problems.push({ pointer: `${change.pointer}/fields/${i}`, message: `"${name}" is named twice` });
    seen.add(name);
  });
  const missing = [...object.fields.keys()].filter((name) => !seen.has(name));
  if (missing.length) problems.push({ pointer: `${change.pointer}/fields`, message: `the order must name every field; missing: ${missing.join(', ')}` });
  if (problems.length) throw new PlatformError('VALIDATION_FAILED', `Invalid field order: ${problems[0].message}`, { details: problems });

  const before = object.definition.fields.map((f) => f.name);
  // Every live field gets its index as position (stored positions may have gaps or ties after deletions).
  for (const [position, name] of change.fields.entries()) {
    await ctx.em.nativeUpdate(FieldDefinitionEntity, { id: object.fields.get(name)!.id }, { position, updatedAt: ctx.now });
  }
  object.definition.fields = change.fields.map((name) => object.fields.get(name)!.definition);
  ctx.note('no DDL: only the order of the fields changed');
  ctx.history('reorderFields', change.object, before, [...change.fields]);
}
