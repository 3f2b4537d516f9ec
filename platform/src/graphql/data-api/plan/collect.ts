import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

export interface CollectContext {
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(ctx: CollectContext, node: { directives?: readonly unknown[] }): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node as never, ctx.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node as never, ctx.variables);
  return include?.if !== false;
}

/** The one interface of the data API: every record type implements it. */
export const NODE_INTERFACE = 'Node';

/**
 * Whether a fragment with this type condition applies to `typeName`: it names the type, or the
 * `Node` interface (validation lets a fragment on Node stand only where the type is a record type).
 */
export const appliesTo = (condition: string, typeName: string): boolean => condition === typeName || condition === NODE_INTERFACE;

/**
 * The fields of a selection set by response key, fragments and @skip/@include applied, fields of
 * one key merged (as GraphQL executes them). A fragment's type condition names the type or `Node`,
 * or does not apply.
 */
export function collectFields(ctx: CollectContext, typeName: string, selectionSet: SelectionSetNode | undefined, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const selection of selectionSet?.selections ?? []) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = into.get(key);
      if (list) list.push(selection);
      else into.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!selection.typeCondition || appliesTo(selection.typeCondition.name.value, typeName)) collectFields(ctx, typeName, selection.selectionSet, into);
    } else {
      const fragment = ctx.fragments[selection.name.value];
      if (fragment && appliesTo(fragment.typeCondition.name.value, typeName)) collectFields(ctx, typeName, fragment.selectionSet, into);
    }
  }
  return into;
}

/** The merged sub-selection of all the nodes of one response key. */
export function subSelection(nodes: readonly FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) };
}
