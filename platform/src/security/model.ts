import type { Expr } from '../query/index.ts';

export interface ObjectAccess {
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

export interface FieldAccess {
  read: boolean;
  update: boolean;
}

export const NO_ACCESS: ObjectAccess = { read: false, create: false, update: false, delete: false, viewAll: false, modifyAll: false };
export const FULL_ACCESS: ObjectAccess = { read: true, create: true, update: true, delete: true, viewAll: true, modifyAll: true };

export type SharingModel = 'PRIVATE' | 'PUBLIC_READ' | 'PUBLIC_READ_WRITE';
export const SHARING_MODELS: readonly SharingModel[] = ['PRIVATE', 'PUBLIC_READ', 'PUBLIC_READ_WRITE'];
/** Objects without a sharing setting are public read-write, as Salesforce's custom objects are. */
export const DEFAULT_SHARING: SharingModel = 'PUBLIC_READ_WRITE';

export const CAPABILITIES = ['manageMetadata', 'manageUsers', 'manageApps', 'importData', 'exportData', 'manageWorkflows'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** A sharing rule as it applies to one user: records matching `filter` are readable (or writable). */
export interface AppliedRule {
  id: string;
  filter: Record<string, unknown>;
  access: 'READ' | 'READ_WRITE';
}

/**
 * What one user may do in one tenant at one security version: computed once from roles,
 * permission sets, groups and sharing rules, then used by every request of that user.
 */
export interface SecurityContext {
  userId: string;
  /** Administrators see and change everything (View All Data, Modify All Data). */
  bypass: boolean;
  capabilities: ReadonlySet<string>;
  object(name: string): ObjectAccess;
  /** Field access; fields without an entry in any of the user's roles or permission sets are fully accessible. */
  field(object: string, field: string): FieldAccess;
  /** The owners whose records the user sees through ownership: themself and everyone below them in the role hierarchy. */
  owners: readonly string[];
  /** Share targets that reach the user (directly or through someone below them): `u:<id>`, `g:<id>`, `r:<id>`, `rs:<id>`. */
  principals: readonly string[];
  /** The sharing rules of an object that reach the user. */
  rules(object: string): readonly AppliedRule[];
}

/** Builds the visibility conditions of a source; the planner applies them to every table it reads. */
export type Visibility = (object: string, alias: string, mode: 'read' | 'write') => Expr[];
