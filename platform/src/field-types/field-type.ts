import type { Label } from '../metadata/label.ts';
import type { ResolvedField } from '../metadata/definitions.ts';

/** One real PostgreSQL column a field owns. Most fields own one; currency and geolocation own two. */
export interface ColumnSpec {
  /** Column name in the object's table, e.g. `amount` or `amount__currency` (API names have no `_`). */
  column: string;
  /** The SQL type, e.g. `text`, `numeric(18,2)`, `uuid`. */
  sqlType: string;
  /** NOT NULL: set when the field is required (the DDL planner decides whether it can be enforced). */
  notNull: boolean;
  /** A SQL literal default, already rendered safely (never user text pasted in). */
  defaultSql?: string;
  /** Which part of the value this column holds (`amount`, `currency`, `lat`, `lng`); absent for one-column fields. */
  part?: string;
}

/** The GraphQL shape of a field's value; the data API maps each to a concrete type. */
export type GraphQLKind =
  | 'String' | 'Int' | 'Float' | 'Boolean' | 'ID' | 'JSON' | 'Date' | 'DateTime' | 'Decimal'
  | 'Currency' | 'GeoPoint' | 'Enum' | 'EnumList' | 'StringList' | 'Reference' | 'User' | 'File'
  /** A composite value (an address): an object type built from the type's `composite` parts. */
  | 'Composite'
  /** Links to many records (a many-to-many): a connection on output, ids on input. */
  | 'Links';

export type FilterOperator =
  | 'eq' | 'neq' | 'in' | 'nin' | 'gt' | 'gte' | 'lt' | 'lte' | 'isNull'
  | 'like' | 'ilike' | 'startsWith' | 'endsWith' | 'contains'
  | 'containsAny' | 'containsAll' | 'relative' | 'within' | 'overlaps' | 'under' | 'above';

export type Aggregate = 'sum' | 'avg' | 'min' | 'max' | 'countDistinct';

/** What the studio renders for a field by default. */
export type Widget =
  | 'text' | 'textarea' | 'richText' | 'number' | 'currency' | 'percent' | 'checkbox' | 'date'
  | 'dateTime' | 'email' | 'phone' | 'url' | 'select' | 'multiSelect' | 'json' | 'uuid' | 'geolocation'
  | 'lookup' | 'user' | 'autoNumber' | 'rating' | 'color' | 'duration' | 'time' | 'markdown' | 'tags'
  | 'emails' | 'phones' | 'links' | 'file' | 'image' | 'signature'
  | 'address' | 'fullName' | 'dateRange' | 'country' | 'locationAddress' | 'tree' | 'ipAddress' | 'sequence' | 'timeZone' | 'encrypted' | 'manyToMany';

export interface FieldTypeCapabilities {
  sortable: boolean;
  filterable: boolean;
  groupable: boolean;
  /** Whether a unique index is allowed on the field. */
  uniqueable: boolean;
  /**
   * Values that differ only in case are the same value (an e-mail address): unique indexes are on
   * lower(column), and uniqueness checks and upsert matching compare lower-cased values.
   */
  caseInsensitive?: boolean;
  /**
   * Global search can match the field (a text column): it may be flagged `searchable`, and an
   * object's title field of such a type is searched by default (metadata/search-fields.ts).
   */
  searchable?: boolean;
  /**
   * The platform writes the field, never a client or a script: it is left out of create and update
   * inputs, and a value given for it in any write (or set by a before-trigger) is refused.
   */
  readOnly?: boolean;
  aggregates: readonly Aggregate[];
}

/** A problem found in a field definition: a JSON pointer relative to the field and a message. */
export interface DefinitionProblem {
  pointer: string;
  message: string;
  [extra: string]: unknown;
}

/** Where a field's platform-assigned values are kept and what they are computed from. */
export interface AssignTarget {
  /** The tenant schema and the object's table. */
  schema: string;
  table: string;
  /** The field definition's id: stable across renames of the field and its object. */
  fieldId: string;
  /** An IANA time zone: the tenant's (settings.timeZone), else UTC. */
  timeZone: string;
}

/** A query runner inside the write's (or the metadata change's) transaction. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Values the platform assigns to new records (an auto-number). The field is read-only
 * (`capabilities.readOnly`): only these write it.
 */
export interface AssignedValues {
  /**
   * The values of `count` new records, in input order, reserved in the write's transaction (`db`)
   * at the time `now`: a rollback gives them back.
   */
  next(field: ResolvedField, target: AssignTarget & { db: Queryable; now: Date }, count: number): Promise<unknown[]>;
  /**
   * Statements (run in the metadata change's transaction) that give every record without a value
   * one, as if each had been created in (createdAt, id) order: when the field is added to an object
   * that has records, or restored after records were created while it was deleted.
   */
  fillSql(field: ResolvedField, target: AssignTarget): string[];
}

/** One part of a composite value (an address's city): the field type of its column, filtered as one. */
export interface CompositePart {
  /** The key in the value and the GraphQL field (`postalCode`); the column is `<field>__<name>`. */
  name: string;
  /** A single-column field type the part reads, writes and filters as (`text`, `date`, `number`). */
  type: string;
  /** NOT NULL (and required in the value) when the field is required. */
  required?: boolean;
  /** JSON Schema of the part's value (without null). */
  schema: Record<string, unknown>;
}

/** The shape of a composite type: the GraphQL object, input and filter type names derive from `typeName`. */
export interface CompositeShape {
  typeName: string;
  parts: readonly CompositePart[];
}

/** A relation the field makes: its column refers to `target`'s id. */
export interface ReferenceSpec {
  target: string;
  onDelete: 'setNull' | 'restrict' | 'cascade';
}

/**
 * Everything the platform knows about one field type. Each type lives in its own folder
 * (`field-types/<name>/`) with this module and a `<name>.schema.json` holding the JSON Schema of its
 * type-specific properties; adding a type touches that folder and the registry list.
 */
export interface FieldType {
  /** The type as written in metadata documents: lower camel (`multiSelect`). */
  name: string;
  label: Label;
  /** JSON Schema (draft 2020-12 subset) of the properties this type adds to a field definition. */
  propertiesSchema: Record<string, unknown>;
  /** Fills type-specific defaults (precision, scale, onDelete…) into an authored definition. */
  resolve?(field: ResolvedField): ResolvedField;
  /** Semantic checks the JSON Schema cannot express (scale ≤ precision, default among options…). */
  check?(field: ResolvedField): DefinitionProblem[];
  /**
   * Checks of a value its JSON Schema cannot express (a range ending before it starts), run after
   * the schema accepted it, on every write path: problems with pointers relative to the value.
   */
  checkValue?(value: unknown, field: ResolvedField): DefinitionProblem[];
  /** The columns the field owns in its object's table. */
  columns(field: ResolvedField): ColumnSpec[];
  /** JSON Schema of the field's value as clients send it (used to validate record input). */
  valueSchema(field: ResolvedField): Record<string, unknown>;
  graphql: GraphQLKind;
  operators: readonly FilterOperator[];
  widget: Widget;
  capabilities: FieldTypeCapabilities;
  /**
   * A composite value (graphql `Composite`): one column per part, each part filterable with its own
   * type's operators (`{address: {city: {eq: "Paris"}}}`), `isNull` true when every part is null.
   */
  composite?: CompositeShape;
  /**
   * A lookup to the field's own object (a tree): resolving the object sets `target` to it, and its
   * filter is the id operators plus `under`/`above` (descendants, ancestors), not the target's filter.
   */
  selfReference?: true;
  /**
   * How expressions read the field, when not as its column cast to the language's type: `false` for
   * a type whose column does not hold its value (encrypted: a blind index and a ciphertext), which
   * expressions cannot read — the SQL back end would read the index, the JavaScript one the text (a
   * default expression may still give it a value); a function for a column whose text differs from
   * the value (inet's `::text` carries the netmask: `host(col)`), so that both back ends agree.
   */
  expressionRead?: false | ((column: string) => string);
  /** The relation this field makes, when it is a lookup-like type. */
  reference?(field: ResolvedField): ReferenceSpec;
  /** Set when the platform assigns the field's values on create (then `capabilities.readOnly`). */
  assign?: AssignedValues;
  /**
   * For type changes: a SQL predicate over `value` (the old column cast to text) that is true for a
   * value this type cannot hold, beyond what a cast to its SQL type checks (e.g. an unknown option).
   * Absent: the type cannot be the target of a type change.
   */
  rejectsText?(field: ResolvedField, value: string): string;
  /**
   * For changes from another type only: a SQL predicate, as rejectsText, for values that the old
   * type held safely but this type would read differently (plain text with markup becoming HTML).
   */
  rejectsConverted?(field: ResolvedField, value: string): string;
  /**
   * SQL building the field's JSON value from its column expressions, for reads that PostgreSQL
   * turns into JSON. Absent: the first column as it is. `at.schema`: the tenant schema the record is
   * read from (a file field reads its file's row in the tenant's `_files`).
   */
  outputSql?(columns: readonly string[], at: { schema: string }): string;
  /**
   * Normalizes one filter operand as toColumns normalizes a value (a colour upper-cased), so that
   * a filter finds what a write of the same value stored. Absent: operands are compared as given.
   */
  operand?(value: unknown): unknown;
  /**
   * A computed field (a formula): it owns no column and no input takes it; readers compute it
   * (query/plan/formulas.ts). Absent: a stored field.
   */
  computed?: true;
  /**
   * A many-to-many relation to `target`: it owns no column but a junction table (one row per link),
   * reads as connections both ways and is written after the record's row (operations/links.ts).
   */
  links?: true;
  /**
   * A computed field as readers see it: a field of the type its value has (a number formula reads
   * as a number field), marked `computed` with its own type's name, so that outputs, filters, orders
   * and groups treat it as that type while the planner computes its value (the model applies it).
   */
  readAs?(field: ResolvedField): ResolvedField;
  /** Turns an API value into one parameter per column (in `columns()` order). */
  toColumns(value: unknown, field: ResolvedField): unknown[];
  /** Turns the column values (in `columns()` order) read back from PostgreSQL into the API value. */
  fromColumns(values: unknown[], field: ResolvedField): unknown;
}
