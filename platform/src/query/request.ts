/**
 * A read request, as any transport states it: the GraphQL transport converts its documents
 * (fragments, aliases, variables and directives resolved) into these, scripts' LocalApi builds them
 * from its arguments, and the planner (query/plan/) turns them into the query tree. Nothing here is
 * GraphQL's: type names arrive as constants (`{kind: 'const', value: 'Lead'}`) where a transport
 * wants them in its answer.
 *
 * Selections are lists of keys (a GraphQL response key, or a field name) and what each holds, in
 * answer order; a key's value is built by PostgreSQL in the one statement of the read.
 */

/** A JSON scalar a transport wants at a key as is (`__typename`, the metadata version). */
export type ConstValue = string | number | boolean | null;

export interface ConstSelect {
  readonly key: string;
  readonly kind: 'const';
  readonly value: ConstValue;
}

/** What to read of each record. */
export type RecordSelect = readonly FieldSelect[];

/**
 * A transport's own names for some values of an option field (stored value → name): GraphQL answers
 * an option whose value is no GraphQL name by its enum value name. PostgreSQL answers the name.
 */
export type ValueNames = ReadonlyMap<string, string>;

export type FieldSelect =
  | ConstSelect
  /** A field's value; a lookup or user field's value is its id; an option by its `names` entry if it has one. */
  | { readonly key: string; readonly kind: 'field'; readonly field: string; readonly names?: ValueNames }
  /** A lookup's record (null when there is none, or the caller cannot see it). */
  | { readonly key: string; readonly kind: 'record'; readonly field: string; readonly select: RecordSelect }
  /** A user field's user (`id`, `name`, `email`). */
  | { readonly key: string; readonly kind: 'user'; readonly field: string; readonly select: readonly UserSelect[] }
  /** A reverse relation's records, as a list (a connection). */
  | { readonly key: string; readonly kind: 'relation'; readonly field: string; readonly args: ListArgs; readonly select: ConnectionSelect };

export type UserSelect = ConstSelect | { readonly key: string; readonly kind: 'field'; readonly field: 'id' | 'name' | 'email' };

/** The filter language of every transport: `{status: {eq: 'MQL'}, account: {name: {startsWith: 'A'}}, leadsSome: {…}, or: […]}`. */
export type Filter = Record<string, unknown>;

/** `[{createdAt: 'DESC'}, {name: 'ASC'}]` (ASC, DESC, ASC_NULLS_FIRST, DESC_NULLS_LAST). */
export type OrderBy = readonly Record<string, string>[];

export interface ListArgs {
  readonly filter?: Filter | null;
  readonly orderBy?: OrderBy | null;
  readonly first?: number | null;
  readonly last?: number | null;
  /** Cursors a list returned, with the same orderBy. */
  readonly after?: string | null;
  readonly before?: string | null;
}

/** What to read of a list: its records (as edges or nodes), page info, the total count. */
export type ConnectionSelect = readonly ConnectionField[];

export type ConnectionField =
  | ConstSelect
  | { readonly key: string; readonly kind: 'edges'; readonly select: readonly EdgeField[] }
  | { readonly key: string; readonly kind: 'nodes'; readonly select: RecordSelect }
  | { readonly key: string; readonly kind: 'pageInfo'; readonly select: readonly PageInfoSelect[] }
  | { readonly key: string; readonly kind: 'totalCount' };

export type EdgeField =
  | ConstSelect
  | { readonly key: string; readonly kind: 'cursor' }
  | { readonly key: string; readonly kind: 'node'; readonly select: RecordSelect };

export type PageInfoSelect = ConstSelect | { readonly key: string; readonly kind: 'field'; readonly field: 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor' };

export interface AggregateArgs {
  readonly filter?: Filter | null;
  /** One field per item: `{status: true}` for its values, `{createdAt: 'MONTH'}` for a date bucket. */
  readonly groupBy?: readonly Record<string, unknown>[] | null;
}

/** What to read of each group. */
export type AggregateSelect = readonly AggregateField[];

export type AggregateField =
  | ConstSelect
  | { readonly key: string; readonly kind: 'count' }
  /** The group's key: the grouped fields' values. */
  | { readonly key: string; readonly kind: 'key'; readonly select: readonly (ConstSelect | { readonly key: string; readonly kind: 'field'; readonly field: string; readonly names?: ValueNames })[] }
  | { readonly key: string; readonly kind: 'fn'; readonly fn: 'sum' | 'avg' | 'min' | 'max' | 'countDistinct'; readonly select: readonly (ConstSelect | { readonly key: string; readonly kind: 'field'; readonly field: string })[] };

/** One record by id (null when it does not exist or the caller cannot see it). */
export interface GetRequest {
  readonly kind: 'get';
  readonly object: string;
  readonly id: unknown;
  readonly select: RecordSelect;
}

/** Records by ids (those the caller can see), in no particular order. */
export interface ManyRequest {
  readonly kind: 'many';
  readonly object: string;
  readonly ids: readonly string[];
  readonly select: RecordSelect;
  /** Deleted records too (a delete's read-back). */
  readonly includeDeleted?: boolean;
}

/** A page of records: filter, order, page, and what to read (a connection). */
export interface ListRequest {
  readonly kind: 'list';
  readonly object: string;
  readonly args: ListArgs;
  readonly select: ConnectionSelect;
}

/** Groups of records (one without groupBy) and their aggregates. */
export interface AggregateRequest {
  readonly kind: 'aggregate';
  readonly object: string;
  readonly args: AggregateArgs;
  readonly select: AggregateSelect;
}

/**
 * One record by id, of whichever object holds it (`node(id)`): each candidate object with what to
 * read of it, tried in this order. Objects the caller may not read are no candidates (the answer is
 * null, as for a record that does not exist). Ids are UUIDs generated per record, so one object
 * holds it; should a client have given one id to records of two objects, the first one it may read wins.
 */
export interface NodeRequest {
  readonly kind: 'node';
  readonly id: unknown;
  readonly candidates: readonly { readonly object: string; readonly select: RecordSelect }[];
}


/**
 * The records of one object whose searched fields (metadata/search-fields.ts) contain `text`, best
 * first, at most `first`: each hit's `id`, `title` and how it matched (`exact`, `prefix`,
 * `similarity`), for the search verb to rank hits of several objects together.
 */
export interface SearchRequest {
  readonly kind: 'search';
  readonly object: string;
  readonly text: string;
  readonly first: number;
}

export type ReadRequest = GetRequest | ManyRequest | ListRequest | AggregateRequest | NodeRequest | SearchRequest;

/** One key of a read: a request, or a constant the transport answers itself (`__typename`). */
export type RootRead = { readonly key: string; readonly request: ReadRequest } | ConstSelect;
