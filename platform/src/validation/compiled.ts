import { PlatformError } from '../errors/index.ts';
import { checkExpression, type CheckedExpression } from '../expressions/index.ts';
import type { ValidationRule } from '../metadata/definitions.ts';
import type { ObjectModel, SchemaModel } from '../model/model.ts';
import { checkDefault } from './check.ts';

export interface CompiledRule {
  rule: ValidationRule;
  expression: CheckedExpression;
}

/** Per object model (one metadata version): its active rules and default expressions, checked once. */
const rulesOf = new WeakMap<ObjectModel, CompiledRule[]>();
const defaultsOf = new WeakMap<ObjectModel, { field: string; expression: CheckedExpression }[]>();

/**
 * A stored expression that no longer compiles (the catalog checks refuse such changes, so only a
 * change made around them gets here) refuses the write rather than letting it through unchecked.
 */
const broken = (what: string, message: string) => new PlatformError('INTERNAL', `${what} does not compile: ${message}`);

/** The object's active validation rules, compiled (cached per metadata version). */
export function compiledRules(model: SchemaModel, object: ObjectModel): CompiledRule[] {
  let compiled = rulesOf.get(object);
  if (!compiled) {
    compiled = object.validationRules.map((rule) => {
      const checked = checkExpression(rule.assert, { model, object: object.name, rules: true, expect: 'boolean' });
      if (!checked.ok) throw broken(`The validation rule ${rule.name}`, checked.problems[0].message);
      return { rule, expression: checked.expression };
    });
    rulesOf.set(object, compiled);
  }
  return compiled;
}

/** The object's fields with a default expression, compiled (cached per metadata version). */
export function compiledDefaults(model: SchemaModel, object: ObjectModel): { field: string; expression: CheckedExpression }[] {
  let compiled = defaultsOf.get(object);
  if (!compiled) {
    compiled = object.catalog.definition.fields.filter((f) => f.defaultExpression !== undefined).map((f) => {
      const checked = checkDefault(model, object, f.name, f.defaultExpression!);
      if (!checked.ok) throw broken(`The default of ${object.name}.${f.name}`, 'unsupported' in checked ? checked.unsupported : checked.problems[0].message);
      return { field: f.name, expression: checked.expression };
    });
    defaultsOf.set(object, compiled);
  }
  return compiled;
}
