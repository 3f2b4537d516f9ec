import { Kind, valueFromASTUntyped, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { apiNames } from '../../api-names.ts';
import { inflect } from '../../inflection.ts';
import type { ObjectModel, SchemaModel } from '../../../model/model.ts';
import { MATCHES_PER_RECORD } from '../../../duplicates/match.ts';
import { limitExceeded, type ApiLimits } from '../../../model/limits.ts';
import { appliesTo } from './collect.ts';
import { searchFields } from '../../../metadata/search-fields.ts';
import { SEARCH_DEFAULT_FIRST } from '../../../operations/search.ts';

/** What an operation will cost, measured from its document, its variables and the model alone. */
export interface OperationCost {
  /** Root fields (each counts 1) plus the records it may read or write: page sizes multiplied down the nesting, records written, records read back. */
  cost: number;
  /** The planner's depth: records and lists nested (a root record or list is 1). */
  depth: number;
  /** Records the operation's mutations create or change (a filter-based bulk change counts 1 until it runs). */
  rows: number;
  /** The largest `first`/`last` asked for. */
  maxPage: number;
  /** The most conditions (object fields) in one filter argument, and where. */
  filterTerms: number;
  filterAt: string;
  /** Whether a variable shaped the figures (else they hold for every request of the document). */
  variable: boolean;
}

const CAP = 1e15;
const add = (a: number, b: number) => Math.min(a + b, CAP);

/**
 * Costs an operation before it is planned, mirroring the planner's own arithmetic (a nested list
 * is read once per record of the lists around it), so that the planner never starts on what it
 * would refuse. Aliases count: every root field is a query or a write of its own. Bulk sizes count:
 * `createLeads(data: [1,000 records])` is 1,000 rows. Walks the operation with fragments expanded —
 * safe, because the document's shape was bounded before (`graphql/limits/shape.ts`).
 */
export function costOperation(model: SchemaModel, document: { definitions: readonly unknown[] }, operation: OperationDefinitionNode, variables: Record<string, unknown>, limits: Pick<ApiLimits, 'defaultPageSize'>): OperationCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions as { kind: string }[]) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set((d as FragmentDefinitionNode).name.value, d as FragmentDefinitionNode);
  const walk = new CostWalk(model, fragments, withDefaults(operation, variables), limits.defaultPageSize);
  walk.operation(operation);
  return walk.result;
}

/** Every limit the cost is held to: LIMIT_EXCEEDED {limit, value, max} for the first one passed. */
export function checkCost(cost: OperationCost, limits: ApiLimits): void {
  if (cost.depth > limits.maxDepth) throw limitExceeded('maxDepth', cost.depth, limits.maxDepth, 'The query nests too deep');
  if (cost.maxPage > limits.maxPageSize) throw limitExceeded('maxPageSize', cost.maxPage, limits.maxPageSize, 'first or last asks for too many records');
  if (cost.filterTerms > limits.maxFilterTerms) throw limitExceeded('maxFilterTerms', cost.filterTerms, limits.maxFilterTerms, `The filter at ${cost.filterAt} has too many conditions`);
  if (cost.rows > limits.maxRowsPerRequest) throw limitExceeded('maxRowsPerRequest', cost.rows, limits.maxRowsPerRequest, 'The request writes too many records');
  if (cost.cost > limits.maxCost) throw limitExceeded('maxCost', cost.cost, limits.maxCost, 'The query may read or write too many records');
}

/** The operation's variables as given, with the defaults its definitions declare. */
function withDefaults(operation: OperationDefinitionNode, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    out[name] = given[name] === undefined && def.defaultValue ? valueFromASTUntyped(def.defaultValue) : given[name];
  }
  return out;
}

function hasVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(hasVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => hasVariable(f.value));
  return false;
}

class CostWalk {
  readonly result: OperationCost = { cost: 0, depth: 0, rows: 0, maxPage: 0, filterTerms: 0, filterAt: '', variable: false };

  private readonly model: SchemaModel;
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  private readonly variables: Record<string, unknown>;
  private readonly defaultPageSize: number;

  constructor(model: SchemaModel, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>, defaultPageSize: number) {
    this.model = model;
    this.fragments = fragments;
    this.variables = variables;
    this.defaultPageSize = defaultPageSize;
  }

  operation(operation: OperationDefinitionNode): void {
    const mutation = operation.operation === 'mutation';
    for (const [key, nodes] of this.fields(mutation ? 'Mutation' : 'Query', [operation.selectionSet])) {
      this.result.cost = add(this.result.cost, 1);
      if (mutation) this.mutation(key, nodes);
      else this.query(key, nodes);
    }
  }

  private query(key: string, nodes: FieldNode[]): void {
    if (nodes[0].name.value === 'node') {
      // As the planner: a get of every object (the one holding the id answers).
      this.result.cost = add(this.result.cost, 1);
      for (const object of this.model.objects.values()) this.record(object, nodes, 1, 1);
      return;
    }
    const root = apiNames(this.model).queries.get(nodes[0].name.value);
    if (!root && nodes[0].name.value === 'search') return this.search(nodes[0]);
    // findDuplicates: at most MATCHES_PER_RECORD records per rule and alternative, read by index.
    if (!root && nodes[0].name.value === 'findDuplicates') { this.result.cost = add(this.result.cost, MATCHES_PER_RECORD); return; }
    const object = root && this.model.objects.get(root.object);
    if (!root || !object) return;
    if (root.kind === 'one') {
      this.result.cost = add(this.result.cost, 1);
      this.record(object, nodes, 1, 1);
    } else if (root.kind === 'many') this.connection(object, key, nodes, 1, 1);
    else this.filter(key, nodes[0]);
  }

  /** `search(text, first)`: up to `first` hits from each object it searches, as the planner counts them. */
  private search(node: FieldNode): void {
    const first = this.arg(node, 'first', true);
    const objects = [...this.model.objects.values()].filter((o) => searchFields(o.catalog.definition).length > 0).length;
    this.result.cost = add(this.result.cost, (typeof first === 'number' && Number.isFinite(first) ? Math.max(first, 0) : SEARCH_DEFAULT_FIRST) * objects);
  }

  private mutation(key: string, nodes: FieldNode[]): void {
    const root = apiNames(this.model).mutations.get(nodes[0].name.value);
    const object = root && this.model.objects.get(root.object);
    if (!root || !object) return;
    let rows = 1;
    if (root.kind === 'createMany') {
      const data = this.arg(nodes[0], 'data');
      rows = Array.isArray(data) ? data.length : data === undefined || data === null ? 0 : 1;
    }
    if (root.kind === 'mergeOne') {
      // The master and each duplicate (the records re-pointed are the system's work, bounded by the batch size).
      const duplicates = this.arg(nodes[0], 'duplicateIds');
      rows = 1 + (Array.isArray(duplicates) ? duplicates.length : 1);
    }
    this.result.rows = add(this.result.rows, rows);
    if (root.kind === 'updateMany' || root.kind === 'deleteMany') return this.filter(key, nodes[0]);
    if (root.kind === 'command') return;
    // The read-back: the records written, shaped by the selection.
    this.result.cost = add(this.result.cost, rows);
    this.record(object, nodes, 1, Math.max(rows, 1));
  }

  /** A record of `object` selected by `nodes` at the planner's `depth`, repeated `fanout` times. */
  private record(object: ObjectModel, nodes: FieldNode[], depth: number, fanout: number): void {
    this.result.depth = Math.max(this.result.depth, depth);
    for (const [key, fieldNodes] of this.fields(inflect.type(object.name), nodes.map((n) => n.selectionSet))) {
      const meaning = object.fields.get(fieldNodes[0].name.value);
      if (meaning?.kind === 'lookup') {
        const target = this.model.objects.get(meaning.target);
        if (target) this.record(target, fieldNodes, depth + 1, fanout);
      } else if (meaning?.kind === 'reverse') {
        const child = this.model.objects.get(meaning.relation.source);
        if (child) this.connection(child, key, fieldNodes, depth + 1, fanout);
      }
    }
  }

  private connection(object: ObjectModel, key: string, nodes: FieldNode[], depth: number, fanout: number): void {
    this.result.depth = Math.max(this.result.depth, depth);
    const first = this.arg(nodes[0], 'first', true);
    const last = this.arg(nodes[0], 'last', true);
    const asked = [first, last].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    for (const v of asked) this.result.maxPage = Math.max(this.result.maxPage, v);
    const size = Math.max(0, asked[0] ?? this.defaultPageSize);
    this.result.cost = add(this.result.cost, size * fanout);
    this.filter(key, nodes[0]);
    const inner = Math.min(fanout * Math.max(size, 1), CAP);
    for (const [, fieldNodes] of this.fields(inflect.connection(object.name), nodes.map((n) => n.selectionSet))) {
      const name = fieldNodes[0].name.value;
      if (name === 'nodes') this.record(object, fieldNodes, depth + 1, inner);
      else if (name === 'edges') {
        for (const [, edgeNodes] of this.fields(inflect.edge(object.name), fieldNodes.map((n) => n.selectionSet))) {
          if (edgeNodes[0].name.value === 'node') this.record(object, edgeNodes, depth + 1, inner);
        }
      }
    }
  }

  /** Counts the conditions of a `filter` argument (a loop: its depth was bounded before). */
  private filter(key: string, node: FieldNode): void {
    const filter = this.arg(node, 'filter');
    if (!filter || typeof filter !== 'object') return;
    let terms = 0;
    const stack: unknown[] = [filter];
    while (stack.length) {
      const value = stack.pop();
      if (Array.isArray(value)) for (const v of value) stack.push(v);
      else if (value && typeof value === 'object') {
        for (const v of Object.values(value)) {
          terms++;
          if (v && typeof v === 'object') stack.push(v);
        }
      }
    }
    if (terms > this.result.filterTerms) {
      this.result.filterTerms = terms;
      this.result.filterAt = `${key}(filter)`;
    }
  }

  /** An argument's value, variables substituted; `numeric` ones are only read when they are numbers. */
  private arg(node: FieldNode, name: string, numeric = false): unknown {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    if (hasVariable(arg.value)) this.result.variable = true;
    const value = valueFromASTUntyped(arg.value, this.variables);
    return numeric && typeof value !== 'number' ? undefined : value;
  }

  /**
   * The fields of selection sets on `typeName` by response key (fragments whose type condition
   * applies are expanded, as the planner's collectFields does; @skip/@include count as included).
   * A loop over a stack, so a long chain of fragments does not recurse.
   */
  private fields(typeName: string, sets: readonly (SelectionSetNode | undefined)[]): Map<string, FieldNode[]> {
    const out = new Map<string, FieldNode[]>();
    const stack = sets.filter((s): s is SelectionSetNode => !!s).reverse();
    while (stack.length) {
      const set = stack.pop()!;
      const next: SelectionSetNode[] = [];
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          const key = sel.alias?.value ?? sel.name.value;
          const list = out.get(key);
          if (list) list.push(sel);
          else out.set(key, [sel]);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          if (!sel.typeCondition || appliesTo(sel.typeCondition.name.value, typeName)) next.push(sel.selectionSet);
        } else {
          const fragment = this.fragments.get(sel.name.value);
          if (fragment && appliesTo(fragment.typeCondition.name.value, typeName)) next.push(fragment.selectionSet);
        }
      }
      stack.push(...next.reverse());
    }
    return out;
  }
}
