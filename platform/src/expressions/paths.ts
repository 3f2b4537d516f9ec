import { fieldType } from '../field-types/registry.ts';
import type { GraphQLKind } from '../field-types/field-type.ts';
import type { ResolvedField } from '../metadata/definitions.ts';
import type { SchemaModel } from '../model/model.ts';
import type { PathStep } from './ast.ts';
import { ProblemAt } from './problems.ts';
import type { ExprType, FieldRef, LookupStep } from './typed.ts';

/** Lookups an expression may follow in one path (`a.b.c.d.e.field`): each is a subquery in SQL. */
export const MAX_LOOKUP_HOPS = 5;

/**
 * A field's type in the language, from the shape of its value (so a new field type needs no entry
 * here unless its value is new). Lists and JSON have no type: they cannot be used.
 */
const BY_GRAPHQL: Partial<Record<GraphQLKind, Exclude<ExprType, 'null'>>> = {
  String: 'text', ID: 'text', Enum: 'text', Reference: 'text', User: 'text',
  Int: 'number', Float: 'number', Decimal: 'number', Currency: 'number',
  Boolean: 'boolean', Date: 'date', DateTime: 'datetime', GeoPoint: 'geo',
};

export function exprTypeOfField(field: ResolvedField): Exclude<ExprType, 'null'> | undefined {
  return BY_GRAPHQL[fieldType(field.type).graphql];
}

/** The field's type when an expression reads it: none for a type expressions cannot read (`expressionRead: false`, e.g. encrypted). */
export function readTypeOfField(field: ResolvedField): Exclude<ExprType, 'null'> | undefined {
  return fieldType(field.type).expressionRead === false ? undefined : exprTypeOfField(field);
}

/** The columns holding a value of the type: the amount of a currency, both parts of a point. */
function columnsOf(field: ResolvedField, type: ExprType): string[] {
  const specs = fieldType(field.type).columns(field);
  if (type === 'geo') return ['lat', 'lng'].map((part) => specs.find((s) => s.part === part)!.column);
  return [(specs.find((s) => s.part === 'amount') ?? specs[0]).column];
}

/** The decimals a number column holds (the SQL back end skips a rounding that cannot change it). */
function scaleOf(field: ResolvedField, type: ExprType): { scale?: number } {
  if (type !== 'number') return {};
  const spec = fieldType(field.type).columns(field);
  const sqlType = (spec.find((s) => s.part === 'amount') ?? spec[0]).sqlType;
  if (sqlType === 'integer' || sqlType === 'bigint') return { scale: 0 };
  const m = /^numeric\(\d+,\s*(\d+)\)$/.exec(sqlType);
  return m ? { scale: Number(m[1]) } : {};
}

/** Resolves `account.industry` from `object`: every step but the last must be a lookup. */
export function resolvePath(model: SchemaModel, object: string, steps: readonly PathStep[]): FieldRef {
  const via: LookupStep[] = [];
  let current = object;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const meaning = model.objects.get(current)?.fields.get(step.name);
    if (!meaning) throw new ProblemAt('unknownField', `${current} has no field ${step.name}`, step.span);
    if (i < steps.length - 1) {
      if (meaning.kind !== 'lookup') {
        const why = meaning.kind === 'user' ? ' (a user field is an id; the current user is $User)' : '';
        throw new ProblemAt('notNavigable', `${step.name} is not a lookup, so ${steps[i + 1].name} cannot be read through it${why}`, steps[i + 1].span);
      }
      if (via.length === MAX_LOOKUP_HOPS) throw new ProblemAt('tooDeep', `A path follows at most ${MAX_LOOKUP_HOPS} lookups`, step.span);
      via.push({ object: current, field: step.name, column: meaning.field.name, target: meaning.target });
      current = meaning.target;
      continue;
    }
    switch (meaning.kind) {
      case 'lookup':
        return { via, object: current, field: step.name, columns: [meaning.field.name], type: 'text', read: 'id' };
      case 'user':
        return { via, object: current, field: step.name, columns: [meaning.column], type: 'text', read: 'id' };
      case 'reverse':
        throw new ProblemAt('unsupportedField', `${step.name} is a list of related ${meaning.relation.source} records, not a value (a roll-up field summarises it)`, step.span);
      case 'value': {
        if (meaning.field.computed) throw new ProblemAt('unsupportedField', `${step.name} is a ${String(meaning.field.computed)} itself: an expression cannot read a computed field yet`, step.span);
        const type = readTypeOfField(meaning.field);
        const read = fieldType(meaning.field.type).expressionRead;
        if (!type) throw new ProblemAt('unsupportedField', `${step.name} is a ${meaning.field.type} field, which expressions cannot read`, step.span);
        return { via, object: current, field: step.name, columns: columnsOf(meaning.field, type), type, read: 'value', ...scaleOf(meaning.field, type), ...(read ? { fieldType: meaning.field.type } : {}) };
      }
    }
  }
  throw new Error('resolvePath: an empty path');
}
