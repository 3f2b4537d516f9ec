import type { MetadataKind } from '../kinds/kind.ts';
import { changeCatalog } from '../metadata/engine.ts';
import { humanize, resolveLabel, type Label, type LabelInput } from '../metadata/label.ts';
import { documentItems } from '../plugins/document-items.ts';
import { API_NAME_PATTERN as API_NAME } from '../metadata/names.ts';

/** An app as documents carry it: a named group of objects (Sales, Service, K12) with its own navigation in the studio. */
export interface AppItem extends Record<string, unknown> {
  name: string;
  label?: LabelInput;
  /** Object API names, in navigation order. */
  objects: string[];
}

/** An app as stored and pulled: its label resolved (`{en: …}` at least). */
export interface App extends AppItem {
  label: Label;
}


const schema = {
  title: 'App',
  description: 'A named group of objects with its own navigation in the studio (Sales, Service, K12…), chosen from the app switcher. Objects in no app stay reachable from setup.',
  type: 'object',
  required: ['name', 'objects'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: API_NAME, description: 'API name: a lower-case letter, then letters and digits, optionally after a namespace and two underscores (k12__school).' },
    label: { $ref: 'tessera:label' },
    objects: { type: 'array', maxItems: 500, uniqueItems: true, description: 'The objects it shows, in navigation order; each must exist.', items: { type: 'string', pattern: API_NAME } },
  },
};

export const normalizeApp = (app: AppItem): App => ({ name: app.name, label: resolveLabel(app.label, humanize(app.name)), objects: [...app.objects] });

/**
 * Apps, a built-in kind made with `documentItems` (the plugins' helper): an app is configuration and
 * nothing else (a name, a label, a list of objects), so `tessera.config_items` holds it with no table
 * of its own, and the history, pull/apply and dependants checks come with the helper — the platform
 * builds this kind the way an ISV would. Every object an app lists must exist (VALIDATION_FAILED at
 * `/apps/i/objects/j`); renaming an object rewrites the apps that list it (follow), deleting one takes
 * it out of them (prune: an app is navigation, and a deleted object has none). No version is bumped:
 * only the studio reads apps (`apps` on /metadata).
 */
export function appKind(): MetadataKind<AppItem> {
  return documentItems<AppItem>({
    name: 'app',
    documentKey: 'apps',
    schema,
    versions: [],
    capability: 'manageMetadata',
    normalize: normalizeApp,
    async check(tx, items) {
      const catalog = await changeCatalog(tx);
      return items.flatMap((app, i) => app.objects.flatMap((object, j) => (catalog.objects.has(object) ? [] : [{ pointer: `/${i}/objects/${j}`, message: `there is no object "${object}"` }])));
    },
    uses: (app) => app.objects.map((object, j) => ({ target: { kind: 'object', name: object }, pointer: `/objects/${j}`, onDelete: 'prune', onRename: 'follow' })),
  });
}
