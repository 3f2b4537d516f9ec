import type { ResolvedField, ResolvedIndex, ResolvedObject } from './definitions.ts';

/**
 * One step of a metadata change. Every mutation of the metadata API, and `applyMetadata`, becomes a
 * list of these; the engine applies the list in one transaction. `pointer` locates the change's input
 * (a JSON pointer into the mutation's input or document) so errors point at what caused them.
 */
export type Change =
  | { kind: 'createObject'; pointer: string; object: ResolvedObject }
  | { kind: 'updateObject'; pointer: string; name: string; object: ResolvedObject }
  | { kind: 'deleteObject'; pointer: string; name: string }
  | { kind: 'restoreObject'; pointer: string; name: string }
  | { kind: 'createField'; pointer: string; object: string; field: ResolvedField; position?: number }
  | { kind: 'updateField'; pointer: string; object: string; name: string; field: ResolvedField; position?: number }
  | { kind: 'deleteField'; pointer: string; object: string; name: string }
  | { kind: 'restoreField'; pointer: string; object: string; name: string }
  | { kind: 'setIndexes'; pointer: string; object: string; indexes: ResolvedIndex[] }
  | { kind: 'reorderFields'; pointer: string; object: string; fields: string[] };

/** What a change did (or, in a dry run, would do): shown by applyMetadata's plan. */
export interface AppliedChange {
  /** The kind of metadata changed (`object`, `role`, `listView`…). */
  kind: string;
  /** The verb: createObject, updateField…, or for other kinds create<Kind>/update<Kind>. */
  action: string;
  /** The object concerned ('' when the kind has none, e.g. a role). */
  object: string;
  field?: string;
  /** The item changed, by its name in documents (`lead`, `lead.phone`, `sales rep`, `lead/Open leads`). */
  target: string;
  statements: string[];
  notes: string[];
}

export interface PlanResult {
  dryRun: boolean;
  /** The metadata version after the change (in a dry run, the version it would get). */
  version: number;
  changes: AppliedChange[];
}

export type { Actor } from '../changes/actor.ts';
