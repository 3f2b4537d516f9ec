import type { ConfigReader } from '../../changes/index.ts';
import type { KindRegistry } from '../../kinds/registry.ts';
import type { MetadataKind } from '../../kinds/kind.ts';
import type { FieldInput, ObjectInput } from '../../metadata/definitions.ts';
import { objectDocument } from '../../metadata/kind.ts';
import { resolveField, resolveObject } from '../../metadata/resolve.ts';
import type { PackageManifest } from '../types.ts';

export type Item = Record<string, unknown>;

/**
 * One component of a package: an object it defines, a field it adds to another package's object
 * (an extension), or an item of any other kind. `kind` and `name` are what ownership records
 * (`object`/`lead`, `field`/`lead.acme__score`, `workflow`/`nurture`).
 */
export interface Component {
  kind: string;
  documentKey: string;
  name: string;
  /** Where it is in the manifest (`/components/objects/2`, `/components/objects/0/fields/1`). */
  pointer: string;
  item: Item;
  /** A field added to another package's object: that object. */
  object?: string;
}

/**
 * Whether an `objects` entry extends another package's object (adds fields to it) rather than
 * defining one: a namespaced package's entry whose name is not in its namespace. The bundled
 * templates (`legacyNames`) define every object they name.
 */
export function isExtension(manifest: Pick<PackageManifest, 'namespace' | 'legacyNames'>, objectName: string): boolean {
  return !manifest.legacyNames && !objectName.startsWith(`${manifest.namespace}__`);
}

/**
 * The components of a package's layer (a manifest's `components`, or the base stored at install:
 * the same shape). Components of a kind this platform lacks are left out: `missingKinds` reports them.
 */
export function componentsOf(manifest: Pick<PackageManifest, 'namespace' | 'legacyNames'>, layer: Record<string, Item[]>, kinds: KindRegistry): Component[] {
  const out: Component[] = [];
  for (const [documentKey, items] of Object.entries(layer)) {
    const kind = kinds.byDocumentKey(documentKey);
    if (!kind) continue;
    items.forEach((item, i) => {
      const pointer = `/components/${documentKey}/${i}`;
      if (documentKey === 'objects' && isExtension(manifest, String(item.name))) {
        ((item.fields as Item[] | undefined) ?? []).forEach((field, j) => {
          out.push({ kind: 'field', documentKey, name: `${item.name}.${field.name}`, pointer: `${pointer}/fields/${j}`, item: field, object: String(item.name) });
        });
        return;
      }
      out.push({ kind: kind.name, documentKey, name: kind.keyOf(item), pointer, item });
    });
  }
  return out;
}

/** Document keys of a layer that no registered kind has (a plugin not installed here). */
export function missingKinds(layer: Record<string, unknown>, kinds: KindRegistry): string[] {
  return Object.keys(layer).filter((key) => !kinds.byDocumentKey(key));
}

/**
 * A component in the form it is compared in: as the tenant would load it once applied (an object
 * resolved, defaults filled in; a field resolved; another kind's item normalized by its kind).
 */
export function normalized(kinds: KindRegistry, component: Pick<Component, 'kind' | 'documentKey' | 'item'>): Item {
  if (component.kind === 'object') return documentForm(objectDocument(resolveObject(component.item as unknown as ObjectInput)) as unknown as Item);
  if (component.kind === 'field') return fieldForm(resolveField(component.item as unknown as FieldInput) as unknown as Item);
  const kind = kinds.byDocumentKey(component.documentKey) as MetadataKind<Item>;
  return structuredClone(kind.normalize ? kind.normalize(component.item) : component.item);
}

/**
 * A resolved field as a document may carry it: resolving fills in what its type implies, and a
 * master-detail's implied `onDelete: cascade` is not a property a document may state.
 */
function fieldForm(field: Item): Item {
  if (field.type !== 'masterDetail') return field;
  const { onDelete: _implied, ...rest } = field;
  return rest;
}

/** A resolved object (as `load` reads it, or resolved from a package) in the form documents carry. */
export function documentForm(object: Item): Item {
  return { ...object, fields: ((object.fields as Item[] | undefined) ?? []).map(fieldForm) };
}

/** A package's components, normalized, as the base layer to store: by document key, extensions as `{name, fields}`. */
export function layerOf(kinds: KindRegistry, components: Component[]): Record<string, Item[]> {
  const layer: Record<string, Item[]> = {};
  const extensions = new Map<string, Item[]>();
  for (const c of components) {
    if (c.kind === 'field') {
      extensions.set(c.object!, [...(extensions.get(c.object!) ?? []), normalized(kinds, c)]);
      continue;
    }
    (layer[c.documentKey] ??= []).push(normalized(kinds, c));
  }
  for (const [name, fields] of extensions) (layer.objects ??= []).push({ name, fields });
  return layer;
}

/** The tenant's live configuration of the kinds named, by `kind:name` (objects by `object:<name>`), read in the change. */
export async function liveItems(kinds: KindRegistry, reader: ConfigReader, documentKeys: Iterable<string>): Promise<Map<string, Item>> {
  const live = new Map<string, Item>();
  for (const key of new Set(documentKeys)) {
    const kind = kinds.byDocumentKey(key);
    if (!kind) continue;
    for (const item of await kind.load(reader)) live.set(`${kind.name}:${kind.keyOf(item)}`, kind.name === 'object' ? documentForm(item as Item) : item as Item);
  }
  return live;
}
