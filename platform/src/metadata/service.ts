import { PlatformError } from '../errors/index.ts';
import { fieldType, hasFieldType } from '../field-types/registry.ts';
import type { TenantCatalog } from './catalog.ts';
import type { Actor, Change, PlanResult } from './changes.ts';
import type { FieldInput, IndexInput, MetadataDocument, ObjectInput, ResolvedField } from './definitions.ts';
import type { MetadataEngine } from './engine.ts';
import { validateFieldInput, validateObjectInput } from './meta-schema.ts';
import { createObjectChanges } from './planner.ts';
import { checkField, checkObject, pruneLayout, resolveField, resolveIndex, resolveObject } from './resolve.ts';

/** Drops null and undefined properties: GraphQL inputs say "absent" with null. */
export function compact<T extends Record<string, unknown>>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as T;
}

function refuse(details: { pointer: string; message: string }[], what: string): void {
  if (details.length > 0) throw new PlatformError('VALIDATION_FAILED', `Invalid ${what}: ${details[0].pointer || '/'} ${details[0].message}`, { details });
}

function objectOf(catalog: TenantCatalog, name: string) {
  const object = catalog.objects.get(name);
  if (!object) throw new PlatformError('NOT_FOUND', `There is no object "${name}"`, { details: [{ pointer: '', message: `no object "${name}"` }] });
  return object;
}

/**
 * The metadata verbs, as the metadata API, the CLI and templates call them. Each validates its input
 * against the meta-schemas, turns it into changes and hands them to the engine.
 */
/** Applies a whole document, every kind it carries (kinds/document.ts, handed in by the platform). */
export type DocumentApplier = (tenantId: string, actor: Actor, document: unknown, options: { dryRun?: boolean }) => Promise<PlanResult>;

export class MetadataService {
  readonly engine: MetadataEngine;
  private readonly applyDocument: DocumentApplier;
  constructor(engine: MetadataEngine, applyDocument: DocumentApplier) {
    this.engine = engine;
    this.applyDocument = applyDocument;
  }

  createObject(tenantId: string, actor: Actor, input: ObjectInput): Promise<PlanResult> {
    validateObjectInput(input);
    const object = resolveObject(input);
    refuse(checkObject(object), 'object');
    const { tables, fields, indexes } = createObjectChanges(object, '');
    return this.engine.run(tenantId, actor, () => [...tables, ...fields, ...indexes]);
  }

  updateObject(tenantId: string, actor: Actor, name: string, input: Partial<ObjectInput>): Promise<PlanResult> {
    return this.engine.run(tenantId, actor, (catalog) => {
      const current = objectOf(catalog, name).definition;
      const kept = pruneLayout(current);
      const authored: ObjectInput = compact({
        name: input.name ?? current.name,
        label: input.label ?? current.label,
        pluralLabel: input.pluralLabel ?? (input.label ? undefined : current.pluralLabel),
        description: input.description ?? current.description,
        sharing: input.sharing ?? current.sharing,
        layout: input.layout ?? kept.layout,
        listColumns: input.listColumns ?? kept.listColumns,
        indexes: (input.indexes as IndexInput[] | undefined) ?? current.indexes,
      });
      validateObjectInput(authored);
      const resolved = resolveObject({ ...authored, fields: [] });
      resolved.fields = current.fields;
      refuse(checkObject(resolved), 'object');
      const changes: Change[] = [{ kind: 'updateObject', pointer: '', name, object: resolved }];
      if (input.indexes) changes.push({ kind: 'setIndexes', pointer: '/indexes', object: resolved.name, indexes: resolved.indexes });
      return changes;
    });
  }

  deleteObject(tenantId: string, actor: Actor, name: string): Promise<PlanResult> {
    return this.engine.run(tenantId, actor, () => [{ kind: 'deleteObject', pointer: '', name }]);
  }

  restoreObject(tenantId: string, actor: Actor, name: string): Promise<PlanResult> {
    return this.engine.run(tenantId, actor, () => [{ kind: 'restoreObject', pointer: '', name }]);
  }

  createField(tenantId: string, actor: Actor, object: string, input: FieldInput): Promise<PlanResult> {
    validateFieldInput(input);
    const field = resolveField(input);
    refuse(checkField(field), 'field');
    return this.engine.run(tenantId, actor, () => [{ kind: 'createField', pointer: '', object, field }]);
  }

  updateField(tenantId: string, actor: Actor, object: string, name: string, input: Partial<FieldInput>): Promise<PlanResult> {
    return this.engine.run(tenantId, actor, (catalog) => {
      const current = objectOf(catalog, object).fields.get(name);
      if (!current) throw new PlatformError('NOT_FOUND', `${object} has no field "${name}"`, { details: [{ pointer: '', message: 'no such field' }] });
      const merged = mergeField(current.definition, input);
      validateFieldInput(merged);
      const field = resolveField(merged as FieldInput);
      refuse(checkField(field), 'field');
      return [{ kind: 'updateField', pointer: '', object, name, field }];
    });
  }

  deleteField(tenantId: string, actor: Actor, object: string, name: string): Promise<PlanResult> {
    return this.engine.run(tenantId, actor, () => [{ kind: 'deleteField', pointer: '', object, name }]);
  }

  restoreField(tenantId: string, actor: Actor, object: string, name: string): Promise<PlanResult> {
    return this.engine.run(tenantId, actor, () => [{ kind: 'restoreField', pointer: '', object, name }]);
  }

  /** Puts an object's fields in this order (every live field named once), in one change. */
  reorderFields(tenantId: string, actor: Actor, object: string, fields: string[]): Promise<PlanResult> {
    return this.engine.run(tenantId, actor, (catalog) => {
      objectOf(catalog, object);
      return [{ kind: 'reorderFields', pointer: '', object, fields }];
    });
  }

  /**
   * Makes the tenant's configuration look like the document — every kind it carries (objects,
   * scripts, roles, permission sets, groups, sharing rules, list views, dashboards, and plugins'
   * kinds) — in one transaction; `dryRun` returns the plan only (kinds/document.ts).
   */
  applyMetadata(tenantId: string, actor: Actor, document: MetadataDocument | Record<string, unknown>, options: { dryRun?: boolean } = {}): Promise<PlanResult> {
    return this.applyDocument(tenantId, actor, document, options);
  }
}

/**
 * An update's input over the current definition: a property given as null is removed (back to its
 * default); on a type change, the old type's own properties and the old default go.
 */
function mergeField(current: ResolvedField, input: Partial<FieldInput>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(input)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  if (input.type && input.type !== current.type && hasFieldType(input.type)) {
    if (!('defaultValue' in input)) delete merged.defaultValue;
    const keep = new Set(Object.keys((fieldType(input.type).propertiesSchema as { properties?: object }).properties ?? {}));
    const old = Object.keys((fieldType(current.type).propertiesSchema as { properties?: object }).properties ?? {});
    for (const key of old) if (!keep.has(key) && !(key in input)) delete merged[key];
  }
  return merged;
}
