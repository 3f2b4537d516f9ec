import { randomUUID } from 'node:crypto';
import { Kind, type OperationDefinitionNode, type TypeNode } from 'graphql';
import type { CompiledSql } from '../../query/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SQL compiled once for a document with variables, and which parameters take which variable's value. */
export interface SqlTemplate {
  sql: CompiledSql;
  slots: { param: number; variable: string; id: boolean }[];
}

function scalarName(type: TypeNode): string | undefined {
  if (type.kind === Kind.NON_NULL_TYPE) return scalarName(type.type);
  return type.kind === Kind.NAMED_TYPE ? type.name.value : undefined;
}

/**
 * Plans a document once with a fresh placeholder (a random UUID) for each ID or String variable and
 * records the parameters that carry a placeholder unchanged. If any placeholder is transformed
 * (`%…%`), dropped, put in a list, or refused (a cursor), the variable shapes the SQL and the
 * document is planned per request instead (null). Other variable types (numbers, options, inputs)
 * are never templated.
 */
export function compileTemplate(operation: OperationDefinitionNode, plan: (variables: Record<string, unknown>) => CompiledSql): SqlTemplate | null {
  const defs = operation.variableDefinitions ?? [];
  const kinds = new Map<string, boolean>();
  for (const d of defs) {
    const name = scalarName(d.type);
    if ((name !== 'ID' && name !== 'String') || d.defaultValue) return null;
    kinds.set(d.variable.name.value, name === 'ID');
  }
  const sentinels = new Map([...kinds.keys()].map((v) => [v, randomUUID()]));
  let sql: CompiledSql;
  try {
    sql = plan(Object.fromEntries(sentinels));
  } catch {
    return null;
  }
  // A statement holding the clock's now (a formula with NOW or TODAY) is planned per request.
  if (sql.volatile) return null;
  const slots: SqlTemplate['slots'] = [];
  for (const [variable, sentinel] of sentinels) {
    let used = false;
    for (const [i, p] of sql.params.entries()) {
      if (p === sentinel) {
        slots.push({ param: i, variable, id: kinds.get(variable)! });
        used = true;
      } else if (p !== null && p !== undefined && JSON.stringify(p).includes(sentinel)) {
        return null;
      }
    }
    if (!used) return null;
  }
  return { sql, slots };
}

/** The template's SQL with this request's values, or undefined when a value needs the full planner (null, not a UUID). */
export function fillTemplate(template: SqlTemplate, variables: Record<string, unknown>): CompiledSql | undefined {
  const params = template.sql.params.slice();
  for (const slot of template.slots) {
    const value = variables[slot.variable];
    if (typeof value !== 'string' || (slot.id && !UUID.test(value))) return undefined;
    params[slot.param] = value;
  }
  return { text: template.sql.text, params };
}
