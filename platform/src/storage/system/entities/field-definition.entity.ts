import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ResolvedField } from '../../../metadata/definitions.ts';

/** One field of an object; its columns are real columns of the object's table. */
export const FieldDefinitionEntity = defineEntity({
  name: 'FieldDefinition',
  tableName: 'field_definitions',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().index(),
    objectId: p.uuid().index(),
    name: p.text(),
    type: p.text(),
    position: p.integer(),
    definition: p.json<ResolvedField>(),
    /** While deleted: the names its columns were renamed to (original → parked), for restore or purge. */
    parkedColumns: p.json<Record<string, string>>().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    deletedAt: p.datetime().nullable(),
    purgeAfter: p.datetime().nullable(),
  },
});
export type FieldDefinition = InferEntity<typeof FieldDefinitionEntity>;
