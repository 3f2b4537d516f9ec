import type { SchemaModel } from '../model/index.ts';
import { isRecordSource, type AggregateQuery, type AggregateSelection, type ConnectionQuery, type ConnectionSelection, type EdgeSelection, type Expr, type IdQuery, type OrderTerm, type ReadOperation, type Scoped, type SearchQuery, type Shape, type ShapeEntry, type Source } from './tree.ts';

/** The alias counter a transform that adds sources continues (`t<n>`). */
export interface Aliases {
  n: number;
}

/**
 * One transform of the tree's sources: the conditions every row read from a source must meet.
 * Soft delete (query/soft-delete.ts) and row-level access (security/access.ts) are scopers.
 */
export interface SourceScoper {
  /** The conditions on the rows of `source` (a tenant table); the walk does not walk them again. */
  conditions(source: Source, aliases: Aliases): readonly Expr[];
  /** Root lists this scoper restricts read their page's ids first (`ConnectionQuery.deferred`). */
  readonly defers?: boolean;
  /** Id-only lookup filters must test their link through the target's visible records (`lookupId`). */
  readonly checksLinks?: boolean;
}

/** A node that reads a table. */
interface Scopable {
  readonly from: Source;
  readonly link: readonly Expr[];
  readonly where: readonly Expr[];
}

/** The members of a union whose `kind` can be K (`and` and `or` share one member). */
type Of<U, K> = U extends { kind: infer X } ? (K extends X ? U : never) : never;

/**
 * How the walk goes through each kind of node. Every table the tree reads is behind one of these
 * kinds, and each record is exhaustive over its union: a new kind of node that does not say how it
 * is scoped is a type error here (Kysely's with-schema transformer does the same), not a node that
 * reads rows no one scoped.
 */
const SHAPES: { [K in Shape['kind']]: (shape: Of<Shape, K>, walk: Walk) => Shape } = {
  value: (s) => s,
  expr: (s, walk) => ({ ...s, expr: walk.expr(s.expr) }),
  const: (s) => s,
  object: (s, walk) => ({ ...s, entries: walk.entries(s.entries) }),
  record: (s, walk) => ({ ...s, ...walk.source(s), entries: walk.entries(s.entries) }),
  list: (s, walk) => ({ ...s, ...walk.source(s), orderBy: walk.order(s.orderBy), entries: walk.entries(s.entries) }),
  connection: (s, walk) => ({ ...s, query: walk.connection(s.query) }),
  aggregate: (s, walk) => ({ ...s, query: walk.aggregate(s.query) }),
  first: (s, walk) => ({ ...s, shapes: s.shapes.map((x) => walk.shape(x)) }),
  search: (s, walk) => ({ ...s, query: walk.search(s.query) }),
};

const same = <T>(x: T): T => x;
const EXPRS: { [K in Expr['kind']]: (expr: Of<Expr, K>, walk: Walk) => Expr } = {
  column: same,
  // The rows a formula's lookups read get every scoper's conditions, as every source does.
  formula: (e, walk) => ({ ...e, lookup: walk.lookupScope(e.formula.model) }),
  param: same,
  const: same,
  relativeDate: same,
  // The walk reads the hierarchy only (ids and parents); the anchor's visibility is an EXISTS beside it.
  treeWalk: (e, walk) => ({ ...e, expr: walk.expr(e.expr), anchor: walk.expr(e.anchor) }),
  compare: (e, walk) => ({ ...e, left: walk.expr(e.left), right: walk.expr(e.right) }),
  arith: (e, walk) => ({ ...e, left: walk.expr(e.left), right: walk.expr(e.right) }),
  in: (e, walk) => ({ ...e, expr: walk.expr(e.expr), list: walk.expr(e.list) }),
  isNull: (e, walk) => ({ ...e, expr: walk.expr(e.expr) }),
  and: (e, walk) => ({ ...e, items: e.items.map((i) => walk.expr(i)) }),
  or: (e, walk) => ({ ...e, items: e.items.map((i) => walk.expr(i)) }),
  not: (e, walk) => ({ ...e, expr: walk.expr(e.expr) }),
  call: (e, walk) => ({ ...e, args: e.args.map((a) => walk.expr(a)) }),
  exists: (e, walk) => ({ ...e, ...walk.source(e) }),
  lookupId: (e, walk) => walk.expr(walk.checksLinks ? e.visible : e.direct),
};

const CONNECTION_SELECTIONS: { [K in ConnectionSelection['kind']]: (sel: Of<ConnectionSelection, K>, walk: Walk) => ConnectionSelection } = {
  edges: (s, walk) => ({ ...s, select: s.select.map((e) => walk.edge(e)) }),
  nodes: (s, walk) => ({ ...s, entries: walk.entries(s.entries) }),
  pageInfo: same,
  totalCount: same,
  typename: same,
};

const EDGE_SELECTIONS: { [K in EdgeSelection['kind']]: (sel: Of<EdgeSelection, K>, walk: Walk) => EdgeSelection } = {
  cursor: same,
  node: (s, walk) => ({ ...s, entries: walk.entries(s.entries) }),
  typename: same,
};

const AGGREGATE_SELECTIONS: { [K in AggregateSelection['kind']]: (sel: Of<AggregateSelection, K>, walk: Walk) => AggregateSelection } = {
  count: same,
  typename: same,
  groupKey: same,
  fn: (s, walk) => ({ ...s, select: s.select.map((x) => ({ ...x, expr: x.expr && walk.expr(x.expr) })) }),
};

class Walk {
  readonly checksLinks: boolean;
  private readonly scopers: readonly SourceScoper[];
  readonly aliases: Aliases;

  constructor(scopers: readonly SourceScoper[], nextAlias: number) {
    this.scopers = scopers;
    this.aliases = { n: nextAlias };
    this.checksLinks = scopers.some((s) => s.checksLinks);
  }

  /** A node's link walked, and its where prefixed with every scoper's conditions on its source. */
  source(node: Scopable): Pick<Scopable, 'link' | 'where'> & { restricted: boolean } {
    const added: Expr[] = [];
    let restricted = false;
    if (isRecordSource(node.from)) {
      for (const scoper of this.scopers) {
        const conditions = scoper.conditions(node.from, this.aliases);
        if (conditions.length && scoper.defers) restricted = true;
        added.push(...conditions);
      }
    }
    return { link: node.link.map((e) => this.expr(e)), where: [...added, ...node.where.map((e) => this.expr(e))], restricted };
  }

  /** The scopers' conditions on a row a formula's lookup reads (under the alias the formula's compiler picks). */
  lookupScope(model: SchemaModel): (object: string, alias: string) => Expr[] {
    return (object, alias) => {
      const source: Source = { object, schema: model.schema, table: model.objects.get(object)!.catalog.tableName, alias };
      return this.scopers.flatMap((s) => s.conditions(source, this.aliases));
    };
  }

  expr(expr: Expr): Expr {
    return (EXPRS[expr.kind] as (e: Expr, w: Walk) => Expr)(expr, this);
  }

  shape(shape: Shape): Shape {
    return (SHAPES[shape.kind] as (s: Shape, w: Walk) => Shape)(shape, this);
  }

  entries(entries: readonly ShapeEntry[]): ShapeEntry[] {
    return entries.map((e) => ({ ...e, shape: this.shape(e.shape) }));
  }

  order(terms: readonly OrderTerm[]): OrderTerm[] {
    return terms.map((t) => ({ ...t, expr: this.expr(t.expr) }));
  }

  edge(sel: EdgeSelection): EdgeSelection {
    return (EDGE_SELECTIONS[sel.kind] as (s: EdgeSelection, w: Walk) => EdgeSelection)(sel, this);
  }

  connection(q: ConnectionQuery): ConnectionQuery {
    const { restricted, ...scoped } = this.source(q);
    const select = q.select.map((s) => (CONNECTION_SELECTIONS[s.kind] as (x: ConnectionSelection, w: Walk) => ConnectionSelection)(s, this));
    // A root list whose rows row-level access restricts reads its page's ids first (see ConnectionQuery.deferred).
    const deferred = q.deferred || (restricted && q.link.length === 0);
    return { ...q, ...scoped, orderBy: this.order(q.orderBy), select, ...(deferred ? { deferred: true } : {}) };
  }

  search(q: SearchQuery): SearchQuery {
    const { restricted: _, ...scoped } = this.source(q);
    return { ...q, ...scoped, entries: this.entries(q.entries) };
  }

  aggregate(q: AggregateQuery): AggregateQuery {
    const { restricted: _, ...scoped } = this.source(q);
    const select = q.select.map((s) => (AGGREGATE_SELECTIONS[s.kind] as (x: AggregateSelection, w: Walk) => AggregateSelection)(s, this));
    return { ...q, ...scoped, groupBy: q.groupBy.map((g) => ({ ...g, expr: this.expr(g.expr) })), select };
  }
}

/**
 * Applies source scopers to every node of a read that reads a table — root gets and lists, nested
 * lookups and reverse relations, relation filters (EXISTS), aggregates, counts — in one walk. The
 * conditions a scoper adds are not walked again (they are scoped already, as the scoper meant them).
 */
export function scopeRead(operation: ReadOperation, scopers: readonly SourceScoper[]): Scoped<ReadOperation> {
  const walk = new Walk(scopers, operation.nextAlias);
  const entries = walk.entries(operation.entries);
  return { ...operation, entries, nextAlias: walk.aliases.n, scoped: true };
}

/** The same for the ids a bulk change or a check reaches. */
export function scopeIds(query: IdQuery, scopers: readonly SourceScoper[]): Scoped<IdQuery> {
  const walk = new Walk(scopers, query.nextAlias);
  const { restricted: _, ...scoped } = walk.source(query);
  return { ...query, ...scoped, nextAlias: walk.aliases.n, scoped: true };
}

/** Conditions built outside a tree (a sharing rule's filter), scoped by the same scopers. */
export function scopeExprs(exprs: readonly Expr[], scopers: readonly SourceScoper[], aliases: Aliases): Expr[] {
  const walk = new Walk(scopers, aliases.n);
  const out = exprs.map((e) => walk.expr(e));
  aliases.n = walk.aliases.n;
  return out;
}
