import type { OperationDefinitionNode } from 'graphql';
import { limitError, pointerSegment } from './errors.ts';
import { SHAPE_LIMITS } from './shape.ts';

interface Frame { value: unknown; depth: number; key: string; parent: Frame | null }

function pointerOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | null = frame; f; f = f.parent) keys.push(pointerSegment(f.key));
  return `/variables/${keys.reverse().join('/')}`;
}

/**
 * Refuses variable values nested deeper than maxInputDepth, before graphql-js coerces them (its
 * coercion, and the planner's filter compiler after it, are recursive): a loop over the declared
 * variables' values, LIMIT_EXCEEDED with the pointer of the first value too deep. Variables the
 * operation does not declare are never read by anyone, so they are not walked either.
 */
export function checkVariableValues(operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined, maxDepth = SHAPE_LIMITS.maxInputDepth): void {
  if (!variables) return;
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const stack: Frame[] = [{ value: variables[name], depth: 0, key: name, parent: null }];
    while (stack.length) {
      const frame = stack.pop()!;
      const { value } = frame;
      if (!value || typeof value !== 'object') continue;
      if (frame.depth + 1 > maxDepth) {
        const pointer = pointerOf(frame);
        throw limitError('maxInputDepth', frame.depth + 1, maxDepth, `The variable $${name} nests too deep`, [{ pointer, message: `nested deeper than ${maxDepth}` }]);
      }
      if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: frame.depth + 1, key: String(i), parent: frame });
      else for (const [k, v] of Object.entries(value)) if (v && typeof v === 'object') stack.push({ value: v, depth: frame.depth + 1, key: k, parent: frame });
    }
  }
}
