import { PlatformError, prefixPointers } from '../errors/index.ts';
import type { MetadataKind } from '../kinds/kind.ts';
import type { ObjectInput, ResolvedObject } from './definitions.ts';
import { changeCatalog, type MetadataEngine } from './engine.ts';
import { planDocument } from './planner.ts';
import { checkObject, resolveObject } from './resolve.ts';
import objectSchemaFile from './schemas/object.schema.json' with { type: 'json' };
import { withApiNames } from './names.ts';

/** The file with the API name pattern put in (names.ts). */
const objectSchema = withApiNames(objectSchemaFile);

/** `value` with the named keys first, in that order, then the rest in their stored order. */
function ordered<T extends object>(value: T, first: string[]): T {
  const rank = (key: string) => (first.includes(key) ? first.indexOf(key) : first.length);
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b))) as T;
}

/**
 * An object as documents carry it: exactly as resolved (defaults included, so applying it again
 * changes nothing), keys in reading order: name first, fields before indexes.
 */
export function objectDocument(definition: ResolvedObject): ObjectInput {
  return ordered({
    ...definition,
    fields: definition.fields.map((field) => ordered(field, ['name', 'type', 'label', 'description', 'helpText', 'required', 'unique'])),
  }, ['name', 'label', 'pluralLabel', 'description', 'fields', 'indexes']) as ObjectInput;
}

/**
 * Objects, with their fields, indexes, layout and list columns. A document's objects are planned
 * together (planner.ts: tables, then fields, then indexes); an object the document does not name is
 * left alone, and a field a named object does not list is deleted (recoverably) — after every
 * other kind of the document has been applied, so that what used the field can let go of it first.
 */
export function objectKind(engine: MetadataEngine): MetadataKind<ObjectInput> {
  return {
    name: 'object',
    documentKey: 'objects',
    schema: objectSchema,
    versions: ['metadata'],
    capability: 'manageMetadata',
    keyOf: (object) => object.name,
    async load(reader) {
      return [...(await changeCatalog(reader)).objects.values()].map((o) => objectDocument(o.definition));
    },
    async apply() {
      throw new Error('objects are applied by their section (applySection)');
    },
    async applySection(tx, wanted, pointer) {
      const objects = wanted.map((input, i) => {
        const object = resolveObject(input);
        const problems = checkObject(object);
        if (problems.length) throw prefixPointers(new PlatformError('VALIDATION_FAILED', `Invalid object ${object.name}: ${problems[0].pointer} ${problems[0].message}`, { details: problems }), `${pointer}/${i}`);
        return object;
      });
      const ctx = await engine.context(tx);
      const changes = planDocument(ctx.catalog, objects);
      const late = changes.filter((c) => c.kind === 'deleteField');
      const applied = await engine.apply(tx, changes.filter((c) => c.kind !== 'deleteField'));
      return { applied, late: late.length ? () => engine.apply(tx, late) : undefined };
    },
  };
}
