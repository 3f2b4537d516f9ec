import type { ErrorDetail } from '../errors/index.ts';
import { NAMESPACE } from '../metadata/names.ts';
import type { PackageManifest } from './types.ts';

/**
 * A use of a namespaced name: the whole string (`k12__lesson`), or its first segment when a path
 * follows (`k12__lesson.title`, `k12__lesson.k12__room.code`). Group 1 is the name, group 2 its
 * namespace. Prose that merely mentions a name (a space in the string) is no use.
 */
const NAMESPACED = new RegExp(`^((${NAMESPACE.source.slice(1, -1)})__[A-Za-z0-9]+)(?:\\.[A-Za-z0-9_.]+)?$`);

type Item = Record<string, unknown>;

/** The fields an object item lists (objects, and extensions of another package's object). */
const fieldsOf = (item: Item): Item[] => (Array.isArray(item.fields) ? (item.fields as Item[]).filter((f) => f && typeof f === 'object') : []);

/**
 * Every name a package defines, so that a package depending on it can check what it uses: each
 * component's `name` (objects, rules, workflows…) and each field of its objects.
 */
export function componentNames(manifest: Pick<PackageManifest, 'components'>): Set<string> {
  const names = new Set<string>();
  for (const items of Object.values(manifest.components)) {
    for (const item of items) {
      if (typeof item.name === 'string') names.add(item.name);
      for (const field of fieldsOf(item)) if (typeof field.name === 'string') names.add(field.name);
    }
  }
  return names;
}

/** The object names a package defines (what a dependant may extend). */
function objectNames(manifest: PackageManifest): Set<string> {
  return new Set((manifest.components.objects ?? []).map((o) => o.name).filter((n): n is string => typeof n === 'string'));
}

/** Every string in `value` with its JSON pointer. */
function* strings(value: unknown, pointer: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [value, pointer];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], `${pointer}/${i}`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

/**
 * Problems with the names of a package's components:
 * - every component's `name` is `<namespace>__<name>`. The one exception is an object entry naming
 *   a dependency's object: that is an extension, and each field it adds must be namespaced (so two
 *   packages extending `lead` never take the same column);
 * - every namespaced name the package uses (a lookup's target, a rule's object, a field in a
 *   filter…) exists: its own names in the package, another namespace's in the dependency that owns
 *   it. Without the dependencies' manifests (an offline build) names from other packages are left
 *   to the registry, which checks them at publish.
 * The bundled templates (`legacyNames`) are grandfathered: their names predate namespaces.
 */
export function namingProblems(manifest: PackageManifest, dependencies?: Map<string, PackageManifest>): ErrorDetail[] {
  if (manifest.legacyNames) return [];
  const own = `${manifest.namespace}__`;
  const problems: ErrorDetail[] = [];
  const hasDependencies = Object.keys(manifest.dependencies ?? {}).length > 0;
  for (const [key, items] of Object.entries(manifest.components)) {
    items.forEach((item, i) => {
      const name = item.name;
      if (typeof name !== 'string' || name.startsWith(own)) return;
      const pointer = `/components/${key}/${i}/name`;
      if (key === 'objects' && hasDependencies) {
        if (dependencies && ![...dependencies.values()].some((d) => objectNames(d).has(name))) {
          problems.push({ pointer, message: `"${name}" is not namespaced (${own}${name}) and is not an object of a dependency` });
          return;
        }
        fieldsOf(item).forEach((field, j) => {
          if (typeof field.name === 'string' && !field.name.startsWith(own)) {
            problems.push({ pointer: `/components/${key}/${i}/fields/${j}/name`, message: `a field added to another package's object is namespaced: name it ${own}${field.name}` });
          }
        });
        return;
      }
      problems.push({ pointer, message: `"${name}" is not namespaced: name it ${own}${name}` });
    });
  }
  problems.push(...referenceProblems(manifest, dependencies));
  return problems;
}

/** Namespaced names used anywhere in the components that no package in reach defines. */
function referenceProblems(manifest: PackageManifest, dependencies?: Map<string, PackageManifest>): ErrorDetail[] {
  const ownNames = componentNames(manifest);
  const byNamespace = new Map([...(dependencies?.entries() ?? [])].map(([name, m]) => [m.namespace, { name, names: componentNames(m) }]));
  const problems: ErrorDetail[] = [];
  for (const [value, pointer] of strings(manifest.components, '/components')) {
    const match = NAMESPACED.exec(value);
    if (!match) continue;
    const [, name, namespace] = match;
    if (namespace === manifest.namespace) {
      if (!ownNames.has(name)) problems.push({ pointer, message: `uses ${name}, which this package does not define` });
      continue;
    }
    if (!dependencies) continue;
    const owner = byNamespace.get(namespace);
    if (!owner) problems.push({ pointer, message: `uses ${name}, but no dependency has the namespace ${namespace}` });
    else if (!owner.names.has(name)) problems.push({ pointer, message: `uses ${name}, which ${owner.name} does not define` });
  }
  return problems;
}
