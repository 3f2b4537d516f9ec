import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ResolvedObject } from '../../../metadata/definitions.ts';

export type StoredObject = Omit<ResolvedObject, 'fields'>;

/** One custom object of a tenant; its table is `<tenant schema>.<tableName>`. */
export const ObjectDefinitionEntity = defineEntity({
  name: 'ObjectDefinition',
  tableName: 'object_definitions',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().index(),
    name: p.text(),
    tableName: p.text(),
    /** The resolved definition without its fields (they are rows of field_definitions). */
    definition: p.json<StoredObject>(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    /** Set when deleted: the table is renamed out of the way and kept until `purgeAfter`. */
    deletedAt: p.datetime().nullable(),
    purgeAfter: p.datetime().nullable(),
  },
});
export type ObjectDefinition = InferEntity<typeof ObjectDefinitionEntity>;
