import type { SqlRunner } from '../storage/sql/runner.ts';
import type { DuplicateRule, ResolvedField, ResolvedObject, ValidationRule } from './definitions.ts';

export interface CatalogField {
  id: string;
  definition: ResolvedField;
}

export interface CatalogObject {
  id: string;
  tableName: string;
  definition: ResolvedObject;
  /** Field ids by field name (live fields only). */
  fields: Map<string, CatalogField>;
}

/** A tenant's live metadata at one version: what the DDL planner, the API builder and the studio read. */
export interface TenantCatalog {
  tenantId: string;
  schema: string;
  version: number;
  objects: Map<string, CatalogObject>;
  /** The active version of each script (compiled, with the handlers it declares). */
  scripts: CatalogScript[];
  /** The duplicate rules (metadata kind `duplicateRules`, stored in `tessera.config_items`), by name; active or not. */
  duplicateRules: DuplicateRule[];
  /** The validation rules (metadata kind `validationRules`, stored in `tessera.config_items`), by name; active or not. */
  validationRules: ValidationRule[];
  /**
   * The items of the plugins' document kinds (`tessera.config_items`), by kind: what a plugin's
   * commands need to know per tenant (e.g. which objects have an active conversion: `leadConvert`).
   */
  configItems?: Map<string, unknown[]>;
}

/** What a script declares: trigger events per object, actions per object with their input JSON Schema. */
export interface ScriptHandlers {
  triggers: Record<string, string[]>;
  actions: Record<string, Record<string, { input?: Record<string, unknown> }>>;
}

/** One active script version, as the runtime runs it. */
export interface CatalogScript {
  name: string;
  version: number;
  language: 'TS' | 'JS';
  compiled: string;
  /** Generated line (1-based) → source line, to name the line being run in errors. */
  lineMap: number[] | null;
  handlers: ScriptHandlers;
  limits: Record<string, unknown>;
  /**
   * A script a package installed (a marketplace app's code): the package, and the objects it may
   * touch — those of the package and of the packages it depends on, nothing of the tenant's own or
   * of other apps. Absent for the tenant's own scripts.
   */
  scope?: { package: string; objects: string[] };
}

interface ObjectRow { id: string; name: string; table_name: string; definition: Omit<ResolvedObject, 'fields'> }
interface FieldRow { id: string; object_id: string; definition: ResolvedField }

/**
 * The scope of each script a package owns (packages/install: `package_components`): the objects of
 * its package and of that package's dependencies, transitively. One query when no package owns a
 * script (the usual tenant), two more otherwise.
 */
async function packageScopes(sql: SqlRunner, tenantId: string): Promise<Map<string, { package: string; objects: string[] }>> {
  const owned = await sql.query<{ script: string; package: string }>(
    "select name as script, package from tessera.package_components where tenant_id = $1 and kind = 'script'", [tenantId]);
  const scopes = new Map<string, { package: string; objects: string[] }>();
  if (!owned.length) return scopes;
  const installed = await sql.query<{ name: string; dependencies: Record<string, string> | null }>(
    "select name, manifest->'dependencies' as dependencies from tessera.installed_packages where tenant_id = $1", [tenantId]);
  const objects = await sql.query<{ name: string; package: string }>(
    "select name, package from tessera.package_components where tenant_id = $1 and kind = 'object'", [tenantId]);
  const dependencies = new Map(installed.map((p) => [p.name, Object.keys(p.dependencies ?? {})]));
  const closure = (root: string): Set<string> => {
    const seen = new Set<string>();
    const visit = (name: string) => { if (seen.has(name)) return; seen.add(name); for (const d of dependencies.get(name) ?? []) visit(d); };
    visit(root);
    return seen;
  };
  for (const { script, package: pkg } of owned) {
    const packages = closure(pkg);
    scopes.set(script, { package: pkg, objects: objects.filter((o) => packages.has(o.package)).map((o) => o.name).sort() });
  }
  return scopes;
}

/** Loads the live objects and fields of a tenant in two queries. */
export async function loadCatalog(sql: SqlRunner, tenantId: string): Promise<TenantCatalog> {
  const [tenant] = await sql.query<{ schema_name: string; metadata_version: string | number }>(
    'select schema_name, metadata_version from tessera.tenants where id = $1', [tenantId]);
  if (!tenant) throw new Error(`No tenant ${tenantId}`);
  const objects = await sql.query<ObjectRow>(
    'select id, name, table_name, definition from tessera.object_definitions where tenant_id = $1 and deleted_at is null order by created_at, name', [tenantId]);
  const fields = await sql.query<FieldRow>(
    'select id, object_id, definition from tessera.field_definitions where tenant_id = $1 and deleted_at is null order by object_id, position, created_at', [tenantId]);
  const scripts = await sql.query<{ name: string; version: number; language: 'TS' | 'JS'; compiled: string; source_map: number[] | null; handlers: ScriptHandlers; limits: Record<string, unknown> }>(
    'select name, version, language, compiled, source_map, handlers, limits from tessera.scripts where tenant_id = $1 and active order by name', [tenantId]);
  const scopes = await packageScopes(sql, tenantId);
  const rules = await loadDuplicateRules(sql, tenantId);
  const validationRules = await loadValidationRules(sql, tenantId);
  const configItems = await loadConfigItems(sql, tenantId);
  const byId = new Map<string, CatalogObject>();
  const catalog: TenantCatalog = {
    tenantId, schema: tenant.schema_name, version: Number(tenant.metadata_version), objects: new Map(),
    scripts: scripts.map((s) => ({ name: s.name, version: Number(s.version), language: s.language, compiled: s.compiled, lineMap: s.source_map, handlers: s.handlers, limits: s.limits ?? {}, ...(scopes.has(s.name) ? { scope: scopes.get(s.name)! } : {}) })),
    duplicateRules: rules,
    validationRules,
    configItems,
  };
  for (const row of objects) {
    const object: CatalogObject = { id: row.id, tableName: row.table_name, definition: { ...row.definition, name: row.name, fields: [] }, fields: new Map() };
    byId.set(row.id, object);
    catalog.objects.set(row.name, object);
  }
  for (const row of fields) {
    const object = byId.get(row.object_id);
    if (!object) continue;
    object.definition.fields.push(row.definition);
    object.fields.set(row.definition.name, { id: row.id, definition: row.definition });
  }
  return catalog;
}

/** The items of a tenant's plugin document kinds (the platform's own rules are loaded above), by kind. */
export async function loadConfigItems(sql: SqlRunner, tenantId: string): Promise<Map<string, unknown[]>> {
  const rows = await sql.query<{ kind: string; item: unknown }>(`select kind, item from tessera.config_items where tenant_id = $1 and kind not in ('duplicateRule', 'validationRule') order by kind, name`, [tenantId]);
  const out = new Map<string, unknown[]>();
  for (const r of rows) out.set(r.kind, [...(out.get(r.kind) ?? []), r.item]);
  return out;
}

/** A tenant's duplicate rules as stored (the kind's items, normalized), by name. */
export async function loadDuplicateRules(sql: SqlRunner, tenantId: string): Promise<DuplicateRule[]> {
  const rows = await sql.query<{ item: DuplicateRule }>(`select item from tessera.config_items where tenant_id = $1 and kind = 'duplicateRule' order by name`, [tenantId]);
  return rows.map((r) => r.item);
}

/** A tenant's validation rules as stored (the kind's items, normalized), by name. */
export async function loadValidationRules(sql: SqlRunner, tenantId: string): Promise<ValidationRule[]> {
  const rows = await sql.query<{ item: ValidationRule }>(`select item from tessera.config_items where tenant_id = $1 and kind = 'validationRule' order by name`, [tenantId]);
  return rows.map((r) => r.item);
}

/** Every live field, on any object, that refers to `target` (lookups and master-detail). */
export function referencesTo(catalog: TenantCatalog, target: string): { object: string; field: string }[] {
  const found: { object: string; field: string }[] = [];
  for (const [objectName, object] of catalog.objects) {
    for (const field of object.definition.fields) if (field.target === target) found.push({ object: objectName, field: field.name });
  }
  return found;
}
