import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { checkExpression, evaluate, exprTypeOfField, type CheckedExpression, type ExprType, type ExpressionProblem } from '../expressions/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ResolvedField, ValidationRule } from '../metadata/definitions.ts';
import { isValidValue } from '../metadata/resolve.ts';
import type { ObjectModel, SchemaModel } from '../model/model.ts';

/** A problem of an expression as an error detail: the pointer of the expression, the problem's position inside it. */
export function problemDetail(pointer: string, p: ExpressionProblem, prefix = ''): ErrorDetail {
  return {
    pointer, message: `${prefix}${p.message} (line ${p.line}, column ${p.column})`,
    expression: { code: p.code, offset: p.offset, length: p.length, line: p.line, column: p.column },
  };
}

/**
 * What is wrong with a rule over the model (pointers relative to the rule): its object must exist,
 * its `assert` compile over it as a rule (PRIORVALUE, ISCHANGED and $User allowed) and give a
 * boolean, and its `field` be a field of the object.
 */
export function ruleProblems(model: SchemaModel, rule: ValidationRule): ErrorDetail[] {
  const object = model.objects.get(rule.object);
  if (!object) return [{ pointer: '/object', message: `there is no object "${rule.object}"` }];
  const problems: ErrorDetail[] = [];
  const checked = checkExpression(rule.assert, { model, object: rule.object, rules: true, expect: 'boolean' });
  if (!checked.ok) problems.push(...checked.problems.map((p) => problemDetail('/assert', p)));
  if (rule.field !== undefined && !object.catalog.fields.has(rule.field)) problems.push({ pointer: '/field', message: `${rule.object} has no field "${rule.field}"` });
  return problems;
}

/** The language's type a default for the field must give (a text field takes text, a number field a number…); undefined: the type cannot have one. */
export function defaultTypeOf(object: ObjectModel, name: string): Exclude<ExprType, 'null'> | undefined {
  const field = object.catalog.fields.get(name)?.definition;
  if (!field || fieldType(field.type).computed || fieldType(field.type).capabilities.readOnly) return undefined;
  const meaning = object.fields.get(name);
  // A lookup or user field takes the id of a record (a text).
  if (meaning?.kind === 'lookup' || meaning?.kind === 'user') return 'text';
  return exprTypeOfField(field);
}

/** A field's default expression over the model (no PRIORVALUE: there is no record before a create). */
export function checkDefault(model: SchemaModel, object: ObjectModel, name: string, source: string): { ok: true; expression: CheckedExpression } | { ok: false; problems: ExpressionProblem[] } | { ok: false; unsupported: string } {
  const type = defaultTypeOf(object, name);
  const field = object.catalog.fields.get(name)!.definition;
  if (!type) return { ok: false, unsupported: `a ${field.type} field cannot have a default expression` };
  return checkExpression(source, { model, object: object.name, expect: type });
}

/**
 * A default expression's value as the field's input takes it: a currency field's number is its amount
 * (in the field's currency, as an input without one); every other type takes the API value as it is.
 */
export function defaultInputForm(type: string, value: unknown): unknown {
  return type === 'currency' && value !== null && typeof value !== 'object' ? { amount: Number(value) } : value;
}

/**
 * A default expression that reads nothing (no field, no `$User`, no clock) always gives one value: when
 * the field would refuse it (`"CN"` for an e-mail field), every create would be refused, so the
 * definition is. Expressions that read something are checked on each create, as input is.
 */
function constantProblem(field: ResolvedField, expression: CheckedExpression): string | undefined {
  if (expression.reads.length || expression.usesNow || expression.usesUser) return undefined;
  let value: unknown;
  try {
    value = evaluate(expression, {}, { now: new Date(0) });
  } catch (error) {
    return `the default expression always fails: ${(error as Error).message}`;
  }
  if (value === null || value === undefined) return undefined;
  return isValidValue(field, defaultInputForm(field.type, value)) ? undefined : `the default expression always gives ${JSON.stringify(value)}, which is not a valid ${field.type} value`;
}

/**
 * Every validation rule and every field's default expression of the catalog as a change leaves it
 * (a field a rule reads deleted, a lookup retargeted, a field's type changed under its default):
 * refused VALIDATION_FAILED, one detail per problem, with the position inside the expression.
 */
export function checkRecordLogic(model: SchemaModel, rules: readonly ValidationRule[]): void {
  const details: ErrorDetail[] = [];
  rules.forEach((rule) => {
    if (!model.objects.has(rule.object)) return; // a deleted object leaves its rules inert until restored
    for (const p of ruleProblems(model, rule)) details.push({ ...p, pointer: `/validationRules/${rule.name}${p.pointer}`, message: `validation rule ${rule.name}: ${p.message}`, rule: rule.name });
  });
  for (const object of model.objects.values()) {
    object.catalog.definition.fields.forEach((field, i) => {
      if (field.defaultExpression === undefined) return;
      const pointer = `/objects/${object.name}/fields/${i}/defaultExpression`;
      const checked = checkDefault(model, object, field.name, field.defaultExpression);
      if (checked.ok) {
        const constant = constantProblem(field, checked.expression);
        if (constant) details.push({ pointer, message: `${object.name}.${field.name}: ${constant}`, object: object.name, field: field.name });
        return;
      }
      if ('unsupported' in checked) details.push({ pointer, message: `${object.name}.${field.name}: ${checked.unsupported}`, object: object.name, field: field.name });
      else details.push({ ...problemDetail(pointer, checked.problems[0], `${object.name}.${field.name}: `), object: object.name, field: field.name });
    });
  }
  if (details.length) throw new PlatformError('VALIDATION_FAILED', details[0].message, { details });
}
