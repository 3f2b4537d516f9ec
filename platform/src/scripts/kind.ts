import { PlatformError } from '../errors/index.ts';
import type { MetadataKind, StoredReference } from '../kinds/kind.ts';
import { changeCatalog } from '../metadata/index.ts';
import schema from './script.schema.json' with { type: 'json' };
import { storeScript, type ScriptCompilerHost, type ScriptLanguage } from './store.ts';

export interface ScriptItem {
  name: string;
  language?: ScriptLanguage;
  source: string;
}

/** Words of a source: identifiers, and the words inside its strings and comments. */
const wordsOf = (source: string) => new Set(source.match(/[A-Za-z_$][\w$]*/g) ?? []);

/**
 * Scripts: a document carries each script's active version. Applying one compiles it against the
 * objects as the document leaves them (scripts come after every kind they could use); a version with
 * errors is refused, with the diagnostics at `/scripts/<i>/source`, instead of being stored inactive.
 *
 * Code cannot be rewritten safely, so scripts refuse the renaming or deletion of what they use:
 * the objects their triggers and actions are declared on, and — conservatively — every object whose
 * name, and every field of those objects whose name, appears as a word in the source.
 */
export function scriptKind(platform: ScriptCompilerHost): MetadataKind<ScriptItem> {
  return {
    name: 'script',
    documentKey: 'scripts',
    schema,
    versions: ['metadata'],
    capability: 'admin',
    historyCapability: 'manageMetadata',
    after: ['object', 'role', 'permissionSet', 'group', 'sharingRule', 'listView', 'dashboard'],
    keyOf: (script) => script.name,
    normalize: (script) => ({ name: script.name, language: script.language ?? 'TS', source: script.source }),
    async load(reader) {
      const rows = await reader.sql.query<ScriptItem>('select name, language, source from tessera.scripts where tenant_id = $1 and active order by name', [reader.tenantId]);
      return rows.map((r) => ({ name: r.name, language: r.language, source: r.source }));
    },
    async apply(tx, change) {
      const script = change.after!;
      const stored = await storeScript(platform, tx, { name: script.name, language: script.language ?? 'TS', source: script.source });
      if (!stored.active) {
        const errors = stored.diagnostics.filter((d) => d.severity === 'error');
        throw new PlatformError('VALIDATION_FAILED', `The script ${script.name} has errors: line ${errors[0]?.line}: ${errors[0]?.message}`, {
          details: errors.map((d) => ({ pointer: `${change.pointer}/source`, message: `line ${d.line}, column ${d.column}: ${d.message}`, line: d.line, column: d.column })),
        });
      }
      return { notes: [`version ${stored.version} is active`] };
    },
    async references(reader) {
      const catalog = await changeCatalog(reader);
      const rows = await reader.sql.query<{ name: string; source: string; handlers: { triggers?: Record<string, unknown>; actions?: Record<string, unknown> } }>(
        'select name, source, handlers from tessera.scripts where tenant_id = $1 and active', [reader.tenantId]);
      const out: StoredReference[] = [];
      for (const script of rows) {
        const words = wordsOf(script.source);
        const declared = new Set([...Object.keys(script.handlers?.triggers ?? {}), ...Object.keys(script.handlers?.actions ?? {})]);
        for (const [name, object] of catalog.objects) {
          if (!declared.has(name) && !words.has(name)) continue;
          const use = { kind: 'script', item: script.name, handle: script.name, pointer: '/source', onDelete: 'refuse' as const, onRename: 'refuse' as const };
          out.push({ ...use, target: { kind: 'object', name } });
          for (const field of object.fields.keys()) if (words.has(field)) out.push({ ...use, target: { kind: 'field', name: `${name}.${field}` } });
        }
      }
      return out;
    },
  };
}
