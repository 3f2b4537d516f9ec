import { PlatformError } from '../../errors/index.ts';
import type { NodeRequest, ReadRequest, RootRead } from '../request.ts';
import { col, param, type Expr, type IdQuery, type ReadOperation, type Shape, type ShapeEntry } from '../tree.ts';
import { filterConditions } from './filters.ts';
import type { PlanScope } from './scope.ts';
import { planSearch } from './search.ts';
import { aggregate, connection, recordEntries } from './select.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const idEntry = (alias: string): ShapeEntry => ({ key: '__id', shape: { kind: 'value', sql: { alias, columns: ['id'], render: (c) => c[0] } } });

/**
 * One read request as a JSON entry of the tree (unscoped: soft delete and row-level access are
 * applied to the whole tree afterwards, security/access.ts). The caller's object and field rights
 * (the scope's) decide what it may name and what answers null.
 */
export function planRequest(scope: PlanScope, key: string, request: ReadRequest): ShapeEntry {
  if (request.kind === 'node') return { key, shape: nodeShape(scope, request) };
  const object = scope.object(request.object);
  scope.checkRead(object.name);
  switch (request.kind) {
    case 'get': {
      checkUuid(request.id, '/id');
      const source = scope.source(object.name);
      scope.cost += 1;
      const link: Expr[] = [{ kind: 'compare', op: '=', left: col(source.alias, 'id'), right: param(request.id, 'uuid') }];
      return { key, shape: { kind: 'record', from: source, link, where: [], entries: recordEntries(scope, object, source, request.select, 1) } };
    }
    case 'many': {
      for (const id of request.ids) if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/ids', message: 'is not a UUID' }] });
      const source = scope.source(object.name, { includeDeleted: request.includeDeleted });
      const link: Expr[] = [{ kind: 'in', expr: col(source.alias, 'id'), list: param(request.ids, 'uuid[]'), negated: false }];
      // Each record carries its id under `__id`, so that the verb can hand them back by id whatever the selection.
      const entries = [...recordEntries(scope, object, source, request.select, 1), idEntry(source.alias)];
      return { key, shape: { kind: 'list', from: source, link, where: [], orderBy: [], entries } };
    }
    case 'list': {
      const source = scope.source(object.name);
      return { key, shape: { kind: 'connection', query: connection(scope, object, source, [], request.args, request.select, 1) } };
    }
    case 'aggregate':
      return { key, shape: { kind: 'aggregate', query: aggregate(scope, object, request.args, request.select) } };
    case 'search':
      return planSearch(scope, key, request);
  }
}

/**
 * `node(id)`: a get by id of each candidate object the caller may read, the first that finds a
 * record answering (one statement: `coalesce` stops at the first). Each is planned as a get is —
 * field rights here, soft delete and row-level access by the scoping walk — so the record answers
 * exactly as a get of its object would, and a record the caller may not see, deleted, of another
 * tenant (another schema) or of an object they may not read answers null, as no record does.
 */
function nodeShape(scope: PlanScope, request: NodeRequest): Shape {
  checkUuid(request.id, '/id');
  const shapes: Shape[] = [];
  for (const candidate of request.candidates) {
    const object = scope.object(candidate.object);
    if (!scope.canRead(object.name)) continue;
    const source = scope.source(object.name);
    const link: Expr[] = [{ kind: 'compare', op: '=', left: col(source.alias, 'id'), right: param(request.id, 'uuid') }];
    shapes.push({ kind: 'record', from: source, link, where: [], entries: recordEntries(scope, object, source, candidate.select, 1) });
  }
  scope.cost += 1;
  return shapes.length ? { kind: 'first', shapes } : { kind: 'const', value: null };
}

function checkUuid(id: unknown, pointer: string): void {
  if (!UUID.test(String(id))) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer, message: 'is not a UUID' }] });
}

/** Several reads as one operation (one SQL statement): a request's roots, constants included. */
export function planRead(scope: PlanScope, roots: readonly RootRead[]): ReadOperation {
  const entries = roots.map((root): ShapeEntry => ('request' in root ? planRequest(scope, root.key, root.request) : { key: root.key, shape: { kind: 'const', value: root.value } }));
  return { kind: 'read', entries, nextAlias: scope.aliases.n };
}

/**
 * The records of `object` a bulk change or a check reaches: those with the given ids and/or matching
 * a filter, in id order, at most `limit`, locked when asked (unscoped, like every planned tree).
 */
export function planIds(scope: PlanScope, object: string, options: { ids?: readonly string[]; filter?: Record<string, unknown> | null; limit?: number; lock?: boolean }): IdQuery {
  const om = scope.object(object);
  const source = scope.source(om.name);
  const link: Expr[] = options.ids ? [{ kind: 'in', expr: col(source.alias, 'id'), list: param(options.ids, 'uuid[]'), negated: false }] : [];
  const where = filterConditions(scope, om, source, options.filter);
  return { kind: 'ids', from: source, link, where, limit: options.limit, lock: options.lock, nextAlias: scope.aliases.n };
}
