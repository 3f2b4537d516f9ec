import { readSnapshot, type Actor, type ChangeRunner, type ChangeTx, type ConfigReader } from '../changes/index.ts';
import { isPlatformError, PlatformError, prefixPointers, type ErrorDetail } from '../errors/index.ts';
import type { AppliedChange, PlanResult } from '../metadata/changes.ts';
import { metadataSchemas } from '../metadata/meta-schema.ts';
import type { MetadataEngine } from '../metadata/engine.ts';
import { assertStorableText } from '../util/text.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ItemChange, MetadataKind } from './kind.ts';
import { planItems } from './diff.ts';
import type { KindRegistry } from './registry.ts';
import { itemProblems, refuseProblems } from './validate.ts';

/** A metadata document: for each kind it carries, the items that kind should have (`objects`, `roles`…). */
export type ConfigDocument = Record<string, unknown[]>;

const upperFirst = (s: string) => s[0].toUpperCase() + s.slice(1);

/** The JSON Schema of a whole document, composed from the kinds' item schemas: what `GET /metadata/schema` publishes as `tessera:document`. */
export function documentSchema(kinds: KindRegistry): Record<string, unknown> {
  return {
    $id: 'tessera:document',
    title: 'Metadata document',
    description: 'The desired state of a tenant\'s configuration, by kind, as exchanged by applyMetadata and `tessera metadata pull|apply`. A kind the document does not carry is left alone; within a kind, items the document does not name are left alone.',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(kinds.metadataKinds().map((k) => [k.documentKey, { type: 'array', maxItems: 10000, items: { $ref: String(k.schema.$id) } }])),
  };
}

/** Every schema `GET /metadata/schema` publishes: the object, field and label meta-schemas, each kind's item schema, and the document. */
export function publishedSchemas(kinds: KindRegistry): Record<string, unknown>[] {
  const base = metadataSchemas().filter((s) => s.$id !== 'tessera:document');
  const ids = new Set(base.map((s) => s.$id));
  return [...base, ...kinds.metadataKinds().map((k) => k.schema).filter((s) => !ids.has(s.$id)), documentSchema(kinds)];
}

/** Checks a document's shape (its keys, and each item against its kind's schema); every problem with its pointer. */
export function validateConfigDocument(kinds: KindRegistry, document: unknown): { kind: MetadataKind; items: unknown[] }[] {
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new PlatformError('VALIDATION_FAILED', 'A metadata document is a JSON object: {"objects": [...], "roles": [...], …}', { details: [{ pointer: '', message: 'must be an object' }] });
  }
  assertStorableText(document, '', 'The document');
  const problems: ErrorDetail[] = [];
  const sections: { kind: MetadataKind; items: unknown[] }[] = [];
  for (const [key, items] of Object.entries(document)) {
    const kind = kinds.byDocumentKey(key);
    if (!kind) { problems.push({ pointer: `/${key}`, message: `is not a kind of metadata (${kinds.metadataKinds().map((k) => k.documentKey).join(', ')})` }); continue; }
    if (!Array.isArray(items)) { problems.push({ pointer: `/${key}`, message: 'must be an array' }); continue; }
    items.forEach((item, i) => problems.push(...itemProblems(kind.schema, item, `/${key}/${i}`)));
    const seen = new Map<string, number>();
    if (!problems.length) items.forEach((item, i) => {
      const name = kind.keyOf(item);
      const first = seen.get(name);
      if (first !== undefined) problems.push({ pointer: `/${key}/${i}${typeof (item as { name?: unknown }).name === 'string' ? '/name' : ''}`, message: `duplicates the name of /${key}/${first}` });
      seen.set(name, i);
    });
    sections.push({ kind, items });
  }
  refuseProblems(problems, 'metadata document');
  return kinds.metadataKinds().flatMap((kind) => sections.filter((s) => s.kind === kind));
}

/** Refuses a document carrying a kind its author may not change (FORBIDDEN at the kind's key). */
export function checkDocumentRights(kinds: KindRegistry, sections: { kind: MetadataKind }[], actor: Actor): void {
  const refused = sections.filter((s) => !kinds.mayChange(s.kind, actor.rights));
  if (!refused.length) return;
  const need = (k: MetadataKind) => (k.capability === 'admin' ? 'an administrator' : `the ${k.capability} capability`);
  throw new PlatformError('FORBIDDEN', `Changing ${refused.map((s) => s.kind.documentKey).join(', ')} needs ${need(refused[0].kind)}`, {
    details: refused.map((s) => ({ pointer: `/${s.kind.documentKey}`, message: `needs ${need(s.kind)}` })),
  });
}

/** Errors of a kind's plan point into its section (`/2/parent` → `/roles/2/parent`). */
async function within<T>(pointer: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isPlatformError(error) ? prefixPointers(error, pointer) : error;
  }
}

/**
 * Applies one kind's section in `tx`: the kind's own checks, then its plan (default: create what the
 * tenant lacks, update what differs, leave the rest), one change at a time. Returns the plan's steps.
 */
async function applySection(tx: ChangeTx, kind: MetadataKind, items: unknown[], pointer: string): Promise<{ applied: AppliedChange[]; late?: () => Promise<AppliedChange[]> }> {
  if (kind.applySection) return kind.applySection(tx, items, pointer);
  const problems = (await kind.check?.(tx, items)) ?? [];
  refuseProblems(problems.map((d) => ({ ...d, pointer: pointer + d.pointer })), `${kind.documentKey}`);
  const current = await kind.load(tx);
  const changes: ItemChange<unknown>[] = await within(pointer, async () => (kind.diff ? kind.diff(current, items) : planItems(current, items, kind.keyOf, kind.normalize)));
  const applied: AppliedChange[] = [];
  for (const change of changes) {
    const absolute = { ...change, pointer: pointer + change.pointer };
    const result = await kind.apply(tx, absolute);
    applied.push({ kind: kind.name, action: `${change.action}${upperFirst(kind.name)}`, object: result?.object ?? '', target: change.key, statements: result?.statements ?? [], notes: result?.notes ?? [] });
  }
  return { applied };
}

/**
 * Makes the tenant's configuration look like the document, every kind it carries, in ONE change
 * (changes/run-change.ts: one transaction, one lock, each item's history entry, the versions its
 * kinds bump): kinds in dependency order (objects first, scripts last), then what a kind removes
 * (fields an object no longer lists) in reverse order, so that what used it let go first. A dry run
 * does all of it, checks included, and rolls it back.
 */
export async function applyDocument(deps: { kinds: KindRegistry; changes: ChangeRunner; engine: MetadataEngine }, tenantId: string, actor: Actor, document: unknown, options: { dryRun?: boolean } = {}): Promise<PlanResult> {
  const sections = validateConfigDocument(deps.kinds, document);
  checkDocumentRights(deps.kinds, sections, actor);
  const done = await deps.changes.runDetailed({
    tenantId, actor, kind: sections[0]?.kind.name ?? 'object', action: 'applyMetadata', target: '', dryRun: options.dryRun,
    guarded: sections.some((s) => s.kind.guarded), taken: 'An item of the document',
  }, async (tx) => ({ result: await applySections(deps.engine, tx, sections) }));
  return { dryRun: done.dryRun, version: done.versions.metadata, changes: done.result };
}

/**
 * The work of `applyDocument` within a change already running (`tx`): every section (as
 * `validateConfigDocument` returns them, in kind order), then the removals in reverse order, then
 * the checks of the catalog as left. What installing a package runs inside its own change.
 */
export async function applySections(engine: MetadataEngine, tx: ChangeTx, sections: { kind: MetadataKind; items: unknown[] }[], options: { finish?: boolean } = {}): Promise<AppliedChange[]> {
  const plan: AppliedChange[] = [];
  const late: (() => Promise<AppliedChange[]>)[] = [];
  for (const { kind, items } of sections) {
    const section = await applySection(tx, kind, items, `/${kind.documentKey}`);
    plan.push(...section.applied);
    if (section.late) late.unshift(section.late);
  }
  for (const run of late) plan.push(...await run());
  // Left to the caller that applies more in the same change (a package install): it finishes once, at the end.
  if (options.finish !== false) plan.push(...await engine.finish(tx));
  return plan;
}

/** The tenant's configuration as a document: every kind (or those named), as one consistent snapshot. */
export async function pullDocument(kinds: KindRegistry, orm: MikroORM, tenantId: string, only?: (kind: MetadataKind) => boolean): Promise<ConfigDocument> {
  return readSnapshot(orm, tenantId, (reader) => loadDocument(kinds, reader, only));
}

export async function loadDocument(kinds: KindRegistry, reader: ConfigReader, only?: (kind: MetadataKind) => boolean): Promise<ConfigDocument> {
  const document: ConfigDocument = {};
  for (const kind of kinds.metadataKinds()) if (!only || only(kind)) document[kind.documentKey] = await kind.load(reader);
  return document;
}
