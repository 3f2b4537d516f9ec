import type { ResolvedField, ResolvedObject } from '../metadata/definitions.ts';
import { buildModel, type SchemaModel } from '../model/model.ts';
import { hasFieldType } from '../field-types/registry.ts';

/**
 * A model built from objects' resolved definitions alone — what `/metadata` gives a client in each
 * field's `definition` — so that a browser (the studio's expression editor) checks an expression
 * with the same checker as the server, without a catalog. It has no tenant, scripts or duplicate
 * rules: checkExpression reads only objects and their fields.
 */
export function modelOfObjects(objects: readonly { name: string; fields: readonly ResolvedField[] }[]): SchemaModel {
  const catalogObjects = objects.map((o) => {
    // A field this code cannot model (a type it does not know, a definition missing) is left out
    // rather than failing the whole model: the server checks every expression again on save.
    const fields = o.fields.filter((f) => typeof f?.type === 'string' && hasFieldType(f.type));
    const definition: ResolvedObject = { name: o.name, label: { en: o.name }, pluralLabel: { en: o.name }, fields, indexes: [] };
    return [o.name, { id: o.name, tableName: o.name, definition, fields: new Map() }] as const;
  });
  return buildModel({ tenantId: '', schema: '', version: 0, objects: new Map(catalogObjects), scripts: [], duplicateRules: [], validationRules: [] });
}
