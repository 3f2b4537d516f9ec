import type { SchemaModel } from '../model/model.ts';
import type { Span, Syntax } from './ast.ts';
import { article, type CheckContext } from './function-spec.ts';
import { FUNCTIONS } from './functions.ts';
import { parseExpression } from './parser.ts';
import { resolvePath } from './paths.ts';
import { ProblemAt, problemAt, type ExpressionProblem } from './problems.ts';
import type { CheckedExpression, ExprType, Fn, Typed } from './typed.ts';

/** The current user's properties `$User.<name>` can read, and their types. */
export const USER_PROPERTIES: Readonly<Record<string, Exclude<ExprType, 'null'>>> = {
  id: 'text', name: 'text', email: 'text', locale: 'text', role: 'text', managerId: 'text', isAdmin: 'boolean',
};

/** The typed tree is walked recursively by every back end: deeper trees are refused. */
export const MAX_DEPTH = 200;

export interface CheckOptions {
  model: SchemaModel;
  /** The object whose records the expression reads. */
  object: string;
  /** A rule context (validation rules): PRIORVALUE and ISCHANGED are allowed. */
  rules?: boolean;
  /** What `$User` offers (default USER_PROPERTIES); null: no `$User` here (a formula field is the same for every reader). */
  user?: Readonly<Record<string, Exclude<ExprType, 'null'>>> | null;
  /** The type the result must have (a formula's returnType, a rule's boolean); NULL always fits. */
  expect?: Exclude<ExprType, 'null'>;
}

export type CheckResult = { ok: true; expression: CheckedExpression } | { ok: false; problems: ExpressionProblem[] };

/** Parses and type-checks an expression over an object of the tenant's model. */
export function checkExpression(source: string, options: CheckOptions): CheckResult {
  const parsed = parseExpression(source);
  if (!parsed.ok) return parsed;
  if (!options.model.objects.has(options.object)) throw new Error(`checkExpression: unknown object ${options.object}`);
  const checker = new Checker(options);
  try {
    const root = checker.infer(parsed.syntax, 0);
    if (options.expect && root.type !== options.expect && root.type !== 'null') {
      throw new ProblemAt('type', `The expression must give ${article(options.expect)}, not ${article(root.type)}`, parsed.syntax.span);
    }
    const reads = [...checker.reads.values()];
    const expression: CheckedExpression = {
      source, object: options.object, root, type: root.type, reads,
      objects: [...checker.objects], usesNow: checker.usesNow, usesUser: checker.usesUser, usesPrior: checker.usesPrior,
    };
    return { ok: true, expression };
  } catch (error) {
    if (error instanceof ProblemAt) return { ok: false, problems: [problemAt(source, error.code, error.message, error.span)] };
    throw error;
  }
}

const ARITHMETIC: Record<'*' | '/', Fn> = { '*': 'mul', '/': 'div' };
const COMPARISON: Record<string, Fn> = { '=': 'eq', '<>': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

/** The checking walk: types every node, resolves paths, records what the expression reads. */
export class Checker implements CheckContext {
  readonly options: CheckOptions;
  readonly reads = new Map<string, { object: string; field: string }>();
  readonly objects = new Set<string>();
  usesNow = false;
  usesUser = false;
  usesPrior = false;

  constructor(options: CheckOptions) {
    this.options = options;
  }

  infer(node: Syntax, depth: number): Typed {
    if (depth > MAX_DEPTH) throw new ProblemAt('tooDeep', `An expression nests at most ${MAX_DEPTH} operations deep`, node.span);
    const next = depth + 1;
    switch (node.kind) {
      case 'number':
        return { kind: 'literal', type: 'number', value: node.text, span: node.span };
      case 'text':
        return { kind: 'literal', type: 'text', value: node.value, span: node.span };
      case 'boolean':
        return { kind: 'literal', type: 'boolean', value: node.value, span: node.span };
      case 'null':
        return { kind: 'literal', type: 'null', value: null, span: node.span };
      case 'group':
        return this.infer(node.inner, next);
      case 'path':
        return this.field(node, false);
      case 'global':
        return this.global(node);
      case 'negate': {
        const arg = this.expectType(this.infer(node.arg, next), ['number'], 'Unary minus');
        return { kind: 'call', fn: 'neg', type: 'number', args: [arg], span: node.span };
      }
      case 'binary':
        return this.binary(node, next);
      case 'call': {
        const spec = FUNCTIONS.get(node.name.toUpperCase());
        if (!spec) throw new ProblemAt('unknownFunction', `Unknown function ${node.name}`, node.nameSpan);
        const [min, max] = spec.arity;
        if (node.args.length < min || node.args.length > max) {
          const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
          throw new ProblemAt('arity', `${spec.name} takes ${want} argument${want === '1' ? '' : 's'} (${spec.signature}), not ${node.args.length}`, node.span);
        }
        return spec.check({ checker: this, call: node, depth: next });
      }
    }
  }

  /** A field of the record: resolved in the model, its reads recorded. */
  field(node: Extract<Syntax, { kind: 'path' }>, prior: boolean): Typed {
    const ref = resolvePath(this.options.model, this.options.object, node.steps);
    for (const step of ref.via) {
      this.read(step.object, step.field);
      this.objects.add(step.target);
    }
    this.read(ref.object, ref.field);
    if (prior) this.usesPrior = true;
    return { kind: 'field', type: ref.type, ref, prior, span: node.span };
  }

  private read(object: string, field: string): void {
    this.reads.set(`${object}.${field}`, { object, field });
  }

  private global(node: Extract<Syntax, { kind: 'global' }>): Typed {
    if (node.name !== 'User') throw new ProblemAt('unknownGlobal', `Unknown global $${node.name} (the current user is $User)`, node.span);
    if (this.options.user === null) throw new ProblemAt('unknownGlobal', '$User is not available here: a formula field has one value whoever reads it', node.span);
    const properties = this.options.user ?? USER_PROPERTIES;
    if (!node.property) throw new ProblemAt('syntax', `$User is read by property, e.g. $User.${Object.keys(properties)[0]}`, node.span);
    const type = Object.hasOwn(properties, node.property.name) ? properties[node.property.name] : undefined;
    if (!type) throw new ProblemAt('unknownField', `$User has no property ${node.property.name} (it has ${Object.keys(properties).join(', ')})`, node.property.span);
    this.usesUser = true;
    return { kind: 'user', type, property: node.property.name, span: node.span };
  }

  private binary(node: Extract<Syntax, { kind: 'binary' }>, depth: number): Typed {
    const left = this.infer(node.left, depth);
    const right = this.infer(node.right, depth);
    const call = (fn: Fn, type: ExprType, args: Typed[], operand?: ExprType): Typed => ({ kind: 'call', fn, type, args, operand, span: node.span });
    const refuse = (): never => {
      throw new ProblemAt('type', `${node.op} cannot combine ${article(left.type)} and ${article(right.type)}${hint(left.type, right.type)}`, node.opSpan);
    };
    const isTemporal = (t: ExprType) => t === 'date' || t === 'datetime';
    const numeric = (t: ExprType) => t === 'number' || t === 'null';
    // `+` and `-` take their type from their operands (a date plus days is a date): with a NULL
    // operand the result is NULL whichever meaning was intended, and so typed NULL, fitting any.
    if ((node.op === '+' || node.op === '-') && (left.type === 'null' || right.type === 'null')) {
      const other = left.type === 'null' ? right : left;
      if (other.type !== 'null' && other.type !== 'number' && !isTemporal(other.type)) return refuse();
      return { kind: 'literal', type: 'null', value: null, span: node.span };
    }
    switch (node.op) {
      case '+':
        if (numeric(left.type) && numeric(right.type)) return call('add', 'number', [left, right]);
        if (isTemporal(left.type) && numeric(right.type)) return call('addDays', left.type, [left, right]);
        if (numeric(left.type) && isTemporal(right.type)) return call('addDays', right.type, [right, left]);
        return refuse();
      case '-':
        if (numeric(left.type) && numeric(right.type)) return call('sub', 'number', [left, right]);
        if (isTemporal(left.type) && numeric(right.type)) return call('addDays', left.type, [left, call('neg', 'number', [right])]);
        if (isTemporal(left.type) && left.type === right.type) return call('diffDays', 'number', [right, left], left.type);
        return refuse();
      case '*':
      case '/':
        if (numeric(left.type) && numeric(right.type)) return call(ARITHMETIC[node.op], 'number', [left, right]);
        return refuse();
      case '&':
        for (const side of [left, right]) if (side.type === 'geo') throw new ProblemAt('type', '& cannot join a geolocation (there is no text for a point)', side.span);
        return call('concat', 'text', [left, right]);
      default: {
        const operand = this.unify([left, right], `${node.op} compares`);
        if (operand === 'geo') throw new ProblemAt('type', 'Geolocations cannot be compared (measure them with DISTANCE)', node.opSpan);
        if (operand === 'boolean' && node.op !== '=' && node.op !== '<>') throw new ProblemAt('type', `${node.op} does not order booleans (use = or <>)`, node.opSpan);
        return call(COMPARISON[node.op], 'boolean', [left, right], operand);
      }
    }
  }

  /** Refuses a node whose type is not among `allowed` (NULL fits anything). */
  expectType(node: Typed, allowed: readonly ExprType[], what: string): Typed {
    if (node.type === 'null' || allowed.includes(node.type)) return node;
    const want = allowed.map(article).join(' or ');
    throw new ProblemAt('type', `${what} needs ${want}, not ${article(node.type)}`, node.span);
  }

  /** The one type of several nodes (NULLs fit any), or a problem at the first that differs. */
  unify(nodes: readonly Typed[], what: string): ExprType {
    let type: ExprType = 'null';
    let first: Typed | undefined;
    for (const n of nodes) {
      if (n.type === 'null') continue;
      if (type === 'null') {
        type = n.type;
        first = n;
      } else if (n.type !== type) {
        throw new ProblemAt('type', `${what} ${article(first!.type)} with ${article(n.type)}${hint(first!.type, n.type)}`, n.span);
      }
    }
    return type;
  }

  fail(code: ConstructorParameters<typeof ProblemAt>[0], message: string, span: Span): never {
    throw new ProblemAt(code, message, span);
  }
}

function hint(a: ExprType, b: ExprType): string {
  const pair = new Set([a, b]);
  if (pair.has('text') && pair.has('number')) return ' (convert with VALUE or TEXT)';
  if (pair.has('date') && pair.has('datetime')) return ' (a date and a date/time are not the same kind of value)';
  return '';
}
