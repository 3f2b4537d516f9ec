import type { Label, LabelInput } from './label.ts';

/** A field as authored in a metadata document or the metadata API (validated by field.schema.json). */
export interface FieldInput {
  name: string;
  type: string;
  label?: LabelInput;
  description?: string;
  helpText?: string;
  required?: boolean;
  unique?: boolean;
  defaultValue?: unknown;
  /** An expression giving the value when a create leaves the field out (`ADDDAYS(TODAY(), 30)`, `$User.email`). */
  defaultExpression?: string;
  [typeSpecific: string]: unknown;
}

export interface SelectOption {
  value: string;
  label: Label;
  color?: string;
  /** With `trackStages`: the chance (percent) that a record at this stage is won (forecasts). */
  probability?: number;
  /** With `trackStages`: this stage closes the record as won or lost (funnels, forecasts). */
  outcome?: 'won' | 'lost';
}

/** A field with defaults applied and labels resolved: what the engine and DDL planner work with. */
export interface ResolvedField {
  name: string;
  type: string;
  label: Label;
  description?: string;
  helpText?: string;
  required: boolean;
  unique: boolean;
  defaultValue?: unknown;
  /** An expression giving the value when a create leaves the field out (checked against the field's type). */
  defaultExpression?: string;
  /** text, email, url, phone */
  maxLength?: number;
  /** number, currency, percent */
  precision?: number;
  scale?: number;
  /** select, multiSelect */
  options?: SelectOption[];
  /** lookup, masterDetail */
  target?: string;
  onDelete?: 'setNull' | 'restrict' | 'cascade';
  /** Name of the reverse connection on the target (defaults to the inflector's choice). */
  relationName?: string;
  /** currency: the default ISO 4217 code */
  currencyCode?: string;
  [typeSpecific: string]: unknown;
}

export interface IndexInput {
  fields: string[];
  unique?: boolean;
  name?: string;
}

export interface ResolvedIndex {
  name: string;
  fields: string[];
  unique: boolean;
}

export interface ObjectInput {
  name: string;
  label?: LabelInput;
  pluralLabel?: LabelInput;
  description?: string;
  fields?: FieldInput[];
  indexes?: IndexInput[];
  sharing?: 'PRIVATE' | 'PUBLIC_READ' | 'PUBLIC_READ_WRITE';
  layout?: FormLayout;
  listColumns?: ListColumn[];
}

export interface ResolvedObject {
  name: string;
  label: Label;
  pluralLabel: Label;
  description?: string;
  fields: ResolvedField[];
  indexes: ResolvedIndex[];
  /** The default record access (absent: PUBLIC_READ_WRITE). */
  sharing?: 'PRIVATE' | 'PUBLIC_READ' | 'PUBLIC_READ_WRITE';
  /** The record form (absent: every field in one two-column section). */
  layout?: FormLayout;
  /** The list view's default columns (absent: the first fields). */
  listColumns?: ListColumn[];
}

/** One field placed on a form; `required`/`readOnly` tighten the field for this form only. */
export interface LayoutField {
  field: string;
  required?: boolean;
  readOnly?: boolean;
}

export interface LayoutSection {
  label?: LabelInput;
  columns?: 1 | 2 | 3;
  fields: LayoutField[];
}

/** A record form: sections of fields, stored with the object (metadata, no DDL). */
export interface FormLayout {
  sections: LayoutSection[];
}

export interface ListColumn {
  field: string;
  width?: number;
}

/**
 * The document `applyMetadata` and `tessera metadata apply|pull` exchange: per kind, its items
 * (`objects`, `scripts`, `roles`, `permissionSets`, `groups`, `sharingRules`, `listViews`,
 * `dashboards`, and the keys plugins' kinds add). A kind left out is left alone.
 */
export interface MetadataDocument {
  objects?: ObjectInput[];
  [kind: string]: unknown[] | undefined;
}

/**
 * One condition of a duplicate rule: a field of the record compared with the same field of other
 * records exactly, after normalizing both (phone: digits only; email: trimmed, lower-case; text:
 * trimmed, lower-case, spaces collapsed), or by trigram similarity at least `threshold` (0..1).
 */
export interface DuplicateFieldMatch {
  field: string;
  match: 'exact' | 'normalized' | 'fuzzy';
  /** normalized: how (absent: by the field's type — phone, email, else text). */
  normalizer?: 'phone' | 'email' | 'text';
  /** normalized phone: a country calling code (`86`) taken off numbers written internationally (`+86 …`, `0086…`). */
  countryCode?: string;
  /** fuzzy: the least trigram similarity that counts as the same (default 0.6). */
  threshold?: number;
}

/** A duplicate rule's condition: a field match, or a group of conditions that must all (`and`) or any (`or`) hold. */
export type DuplicateCondition = DuplicateFieldMatch | { and: DuplicateCondition[] } | { or: DuplicateCondition[] };

/**
 * A duplicate rule (the metadata kind `duplicateRules`) as stored and pulled: on its object, the
 * condition under which two live records are the same, and what a write making such a pair does:
 * BLOCK refuses it, WARN refuses it unless the write says `allowDuplicates: true`.
 */
export interface DuplicateRule {
  name: string;
  object: string;
  label: Label;
  action: 'BLOCK' | 'WARN';
  active: boolean;
  match: DuplicateCondition;
}

/**
 * A validation rule (the metadata kind `validationRules`) as stored and pulled: on its object, an
 * expression that must hold (`assert`: a record for which it is FALSE is refused; TRUE or NULL
 * passes, as a CHECK constraint does), the message a refusal shows (by locale), the field it blames
 * (absent: the record as a whole), and the writes it checks.
 */
export interface ValidationRule {
  name: string;
  object: string;
  assert: string;
  message: Label;
  field?: string;
  on: 'create' | 'update' | 'both';
  active: boolean;
}
