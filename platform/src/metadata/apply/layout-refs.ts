import { ObjectDefinitionEntity } from '../../storage/system/entities/index.ts';
import type { CatalogObject } from '../catalog.ts';
import { canonical } from '../planner.ts';
import { pruneLayout } from '../resolve.ts';
import type { ApplyContext } from './context.ts';

/**
 * Keeps the object's form layout and list columns true to its fields after a field was renamed
 * (`rename`: references follow the new name) or deleted (references to it go). Call it once the
 * catalog's field list is up to date; it writes the object's definition only if something changed.
 */
export async function followLayout(ctx: ApplyContext, object: CatalogObject, rename?: { from: string; to: string }): Promise<void> {
  const definition = object.definition;
  if (!definition.layout && !definition.listColumns) return;
  const next = pruneLayout(definition, rename);
  if (canonical(next.layout ?? null) === canonical(definition.layout ?? null) && canonical(next.listColumns ?? null) === canonical(definition.listColumns ?? null)) return;
  if (next.layout) definition.layout = next.layout;
  if (next.listColumns) definition.listColumns = next.listColumns;
  const { fields: _fields, ...stored } = definition;
  await ctx.em.nativeUpdate(ObjectDefinitionEntity, { id: object.id }, { definition: stored, updatedAt: ctx.now });
  ctx.note(rename ? `the layout and list columns now name ${rename.to}` : 'removed from the layout and list columns');
}
