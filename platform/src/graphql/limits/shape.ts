import { Kind, type ASTNode, type DirectiveNode, type DocumentNode, type FragmentSpreadNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { PlatformError } from '../../errors/index.ts';
import { documentError, limitError, pointerSegment } from './errors.ts';
import { overlapWork } from './overlap.ts';

/** Bounds on a document's shape, checked from its syntax alone (no schema), before anything else reads it. */
export interface ShapeLimits {
  /** Field selections of an operation once its fragments are expanded (a fragment counts once per spread). */
  maxSelections: number;
  /** Root fields of an operation, aliases and fragments included: each is a query or a write of its own. */
  maxRootFields: number;
  /** Aliases anywhere in the document. */
  maxAliases: number;
  /** Selections in one selection set (graphql-js compares fields of one set pairwise). */
  maxSelectionsPerSet: number;
  /** Directives on one field, fragment or operation. */
  maxDirectives: number;
  /** Field nesting of an operation, fragments expanded. */
  maxSelectionDepth: number;
  /** Nesting of objects and lists in an argument value (literal here, in variables at execution). */
  maxInputDepth: number;
  /** Fragment definitions in the document. */
  maxFragments: number;
  /** Estimated pair comparisons of graphql-js's OverlappingFieldsCanBeMerged rule (`overlap.ts`). */
  maxOverlapWork: number;
}

export const SHAPE_LIMITS: ShapeLimits = {
  maxSelections: 10_000,
  maxRootFields: 100,
  maxAliases: 1_000,
  maxSelectionsPerSet: 1_000,
  maxDirectives: 10,
  maxSelectionDepth: 64,
  maxInputDepth: 64,
  maxFragments: 100,
  maxOverlapWork: 20_000,
};

/** What one definition holds by itself, its fragment spreads not followed. */
interface Summary {
  node: ASTNode;
  selections: number;
  rootFields: number;
  depth: number;
  spreads: { name: string; depth: number; root: boolean; node: FragmentSpreadNode }[];
}

/** A definition with its fragments expanded. */
interface Expanded {
  selections: number;
  rootFields: number;
  depth: number;
}

const refuse = (error: PlatformError, node: ASTNode) => documentError(error, { nodes: [node] });

/** Directives, arguments and literal values of one node: directive count, input depth with a pointer. */
function checkNode(node: { directives?: readonly DirectiveNode[]; arguments?: readonly { name: { value: string }; value: ValueNode }[] }, limits: ShapeLimits, at: ASTNode): void {
  const directives = node.directives ?? [];
  if (directives.length > limits.maxDirectives) throw refuse(limitError('maxDirectives', directives.length, limits.maxDirectives, 'Too many directives on one node'), at);
  for (const arg of node.arguments ?? []) checkValue(arg.value, `/${pointerSegment(arg.name.value)}`, 1, limits);
  for (const d of directives) for (const arg of d.arguments ?? []) checkValue(arg.value, `/@${d.name.value}/${pointerSegment(arg.name.value)}`, 1, limits);
}

/** A literal argument value nested deeper than maxInputDepth (recursion is safe: parsing bounded the nesting). */
function checkValue(value: ValueNode, pointer: string, depth: number, limits: ShapeLimits): void {
  if (value.kind !== Kind.OBJECT && value.kind !== Kind.LIST) return;
  if (depth > limits.maxInputDepth) {
    throw refuse(limitError('maxInputDepth', depth, limits.maxInputDepth, 'An argument nests too deep', [{ pointer, message: `nested deeper than ${limits.maxInputDepth}` }]), value);
  }
  if (value.kind === Kind.LIST) value.values.forEach((v, i) => checkValue(v, `${pointer}/${i}`, depth + 1, limits));
  else for (const f of value.fields) checkValue(f.value, `${pointer}/${pointerSegment(f.name.value)}`, depth + 1, limits);
}

class DocumentWalk {
  aliases = 0;
  readonly limits: ShapeLimits;

  constructor(limits: ShapeLimits) {
    this.limits = limits;
  }

  /** `operation`: root fields are counted (and refused) as they come; a fragment's top fields are root fields only where it is spread at the root. */
  summarize(node: ASTNode, set: SelectionSetNode, operation: boolean): Summary {
    const summary: Summary = { node, selections: 0, rootFields: 0, depth: 0, spreads: [] };
    this.walk(set, 0, summary, operation);
    return summary;
  }

  /** `level`: fields above this set (0 at the definition's top). */
  private walk(set: SelectionSetNode, level: number, into: Summary, operation: boolean): void {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        checkNode(sel, this.limits, sel);
        if (sel.alias && ++this.aliases > this.limits.maxAliases) throw refuse(limitError('maxAliases', this.aliases, this.limits.maxAliases, 'The document has too many aliases'), sel);
        into.selections++;
        if (level === 0 && ++into.rootFields > this.limits.maxRootFields && operation) {
          throw refuse(limitError('maxRootFields', into.rootFields, this.limits.maxRootFields, 'The operation has too many root fields (aliases included)'), sel);
        }
        into.depth = Math.max(into.depth, level + 1);
        if (sel.selectionSet) this.walk(sel.selectionSet, level + 1, into, operation);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        checkNode(sel, this.limits, sel);
        this.walk(sel.selectionSet, level, into, operation);
      } else {
        checkNode(sel, this.limits, sel);
        into.spreads.push({ name: sel.name.value, depth: level, root: level === 0, node: sel });
      }
    }
    // After the loop, so that a set of 3,000 aliased root fields is told as too many root fields or aliases.
    if (set.selections.length > this.limits.maxSelectionsPerSet) {
      throw refuse(limitError('maxSelectionsPerSet', set.selections.length, this.limits.maxSelectionsPerSet, 'Too many selections in one selection set'), set);
    }
  }
}

/**
 * Checks the shape of a parsed document before anything else walks it (the schema scope, graphql-js
 * validation, the planner): fragment cycles are refused (BAD_USER_INPUT, as graphql-js's
 * NoFragmentCycles would), and each operation's selections, root fields and depth are counted with
 * its fragments expanded — each fragment once, memoised, its counts multiplied by its spreads, and
 * the counting stops as soon as a bound is passed. So a 1.7 KB chain of doubling fragments (2^25
 * selections) costs microseconds to refuse instead of gigabytes to plan. Throws a GraphQLError.
 */
export function checkDocumentShape(document: DocumentNode, limits: ShapeLimits = SHAPE_LIMITS): void {
  const walk = new DocumentWalk(limits);
  const fragments = new Map<string, Summary>();
  const operations: { summary: Summary; node: ASTNode; name: string }[] = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      checkNode(def, limits, def);
      if (!fragments.has(def.name.value)) fragments.set(def.name.value, walk.summarize(def, def.selectionSet, false));
    } else if (def.kind === Kind.OPERATION_DEFINITION) {
      checkNode(def, limits, def);
      for (const v of def.variableDefinitions ?? []) if (v.defaultValue) checkValue(v.defaultValue, `/variables/${pointerSegment(v.variable.name.value)}`, 1, limits);
      operations.push({ summary: walk.summarize(def, def.selectionSet, true), node: def, name: def.name?.value ?? 'the operation' });
    }
  }
  if (fragments.size > limits.maxFragments) throw refuse(limitError('maxFragments', fragments.size, limits.maxFragments, 'The document has too many fragments'), document);
  const { expanded, order } = expandFragments(fragments, limits);
  for (const op of operations) {
    const total = expand(op.summary, expanded);
    if (total.selections > limits.maxSelections) throw refuse(limitError('maxSelections', total.selections, limits.maxSelections, `${op.name} selects too many fields once its fragments are expanded`), op.node);
    if (total.rootFields > limits.maxRootFields) throw refuse(limitError('maxRootFields', total.rootFields, limits.maxRootFields, `${op.name} has too many root fields (aliases included)`), op.node);
    if (total.depth > limits.maxSelectionDepth) throw refuse(limitError('maxSelectionDepth', total.depth, limits.maxSelectionDepth, `${op.name} nests too deep once its fragments are expanded`), op.node);
  }
  // Validation's one quadratic rule, estimated before it runs: fields sharing a response key, fragments spread side by side.
  const work = Math.round(overlapWork(document, order));
  if (work > limits.maxOverlapWork) throw refuse(limitError('maxOverlapWork', work, limits.maxOverlapWork, 'The document repeats the same fields (or fragments) in one selection too often to be validated'), document);
}

/** A definition's counts with the (already expanded) fragments it spreads; unknown fragments count nothing (validation names them). */
function expand(summary: Summary, expanded: Map<string, Expanded>): Expanded {
  let { selections, rootFields, depth } = summary as Expanded;
  for (const s of summary.spreads) {
    const f = expanded.get(s.name);
    if (!f) continue;
    selections = Math.min(selections + f.selections, Number.MAX_SAFE_INTEGER);
    if (s.root) rootFields = Math.min(rootFields + f.rootFields, Number.MAX_SAFE_INTEGER);
    depth = Math.max(depth, s.depth + f.depth);
  }
  return { selections, rootFields, depth };
}

/**
 * Every fragment's expanded counts, dependencies first: an iterative depth-first walk (a chain of
 * 2,000 fragments must not recurse 2,000 deep) that finds cycles on the way.
 */
function expandFragments(fragments: Map<string, Summary>, limits: ShapeLimits): { expanded: Map<string, Expanded>; order: string[] } {
  const expanded = new Map<string, Expanded>();
  const order: string[] = [];
  const visiting = new Set<string>();
  for (const start of fragments.keys()) {
    if (expanded.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    visiting.add(start);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const summary = fragments.get(top.name)!;
      if (top.next < summary.spreads.length) {
        const spread = summary.spreads[top.next++];
        if (!fragments.has(spread.name) || expanded.has(spread.name)) continue;
        if (visiting.has(spread.name)) {
          throw refuse(new PlatformError('BAD_USER_INPUT', `Cannot spread fragment "${spread.name}" within itself (through ${[...stack.slice(stack.findIndex((s) => s.name === spread.name)).map((s) => s.name)].join(' → ')})`, { details: [{ pointer: `/fragments/${pointerSegment(spread.name)}`, message: 'spreads itself' }] }), spread.node);
        }
        visiting.add(spread.name);
        stack.push({ name: spread.name, next: 0 });
        continue;
      }
      const total = expand(summary, expanded);
      // Stop early: a fragment past the bound makes every operation that spreads it past it too.
      if (total.selections > limits.maxSelections) throw refuse(limitError('maxSelections', total.selections, limits.maxSelections, `The fragment ${top.name} selects too many fields once expanded`), summary.node);
      expanded.set(top.name, total);
      order.push(top.name);
      visiting.delete(top.name);
      stack.pop();
    }
  }
  return { expanded, order };
}
