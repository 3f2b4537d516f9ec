import { describe, expect, it } from 'vitest';
import { compileIds, compileRead, scopeIds, scopeRead, type Expr, type IdQuery, type ReadOperation, type Source, type SourceScoper } from '../../src/query/index.ts';

/**
 * The scoping walk (query/scope.ts) that soft delete and row-level access ride on: every node that
 * reads a table gets the scopers' conditions between its link and its where, the conditions a
 * scoper adds are not walked again, root lists it restricts are deferred, id-only lookup filters
 * take the form the scopers ask for, and only a scoped tree compiles.
 */

const src = (object: string, alias: string): Source => ({ object, schema: 's', table: object, alias });
const col = (alias: string, column: string): Expr => ({ kind: 'column', alias, column });
const eq = (a: Expr, b: Expr): Expr => ({ kind: 'compare', op: '=', left: a, right: b });
const marker = (alias: string): Expr => ({ kind: 'isNull', expr: col(alias, 'scoped'), negated: false });

/** A scoper that marks each record source it meets, and adds an EXISTS of its own (which must not be walked). */
function marking(): SourceScoper & { met: string[] } {
  const met: string[] = [];
  return {
    met,
    defers: true,
    checksLinks: true,
    conditions(source, aliases) {
      met.push(source.alias);
      const own = src('__own', `x${aliases.n++}`);
      return [marker(source.alias), { kind: 'exists', from: { ...own, object: 'own' }, link: [], where: [], negated: false }];
    },
  };
}

describe('scopeRead', () => {
  const tree: ReadOperation = {
    kind: 'read',
    nextAlias: 6,
    entries: [
      { key: 'one', shape: { kind: 'record', from: src('lead', 't0'), link: [eq(col('t0', 'id'), { kind: 'param', value: 'x' })], where: [], entries: [
        { key: 'account', shape: { kind: 'record', from: src('account', 't1'), link: [eq(col('t1', 'id'), col('t0', 'account'))], where: [], entries: [] } },
        { key: 'owner', shape: { kind: 'record', from: src('__users', 'u2'), link: [], where: [], entries: [] } },
      ] } },
      { key: 'list', shape: { kind: 'connection', query: {
        from: src('lead', 't3'), link: [], orderBy: [{ expr: col('t3', 'id'), direction: 'ASC', nulls: 'LAST' }], page: { first: 5 },
        where: [{ kind: 'exists', from: src('task', 't4'), link: [eq(col('t4', 'lead'), col('t3', 'id'))], where: [], negated: false },
          { kind: 'lookupId', direct: eq(col('t3', 'account'), { kind: 'param', value: 'a' }), visible: { kind: 'exists', from: src('account', 'v0'), link: [eq(col('v0', 'id'), col('t3', 'account'))], where: [], negated: false } }],
        select: [{ key: 'nodes', kind: 'nodes', entries: [] }, { key: 'totalCount', kind: 'totalCount' }],
      } } },
      { key: 'agg', shape: { kind: 'aggregate', query: { from: src('lead', 't5'), link: [], where: [], groupBy: [], select: [{ key: 'count', kind: 'count' }] } } },
    ],
  };

  it('scopes every record source once (gets, lookups, lists, relation filters, id-only lookup filters, aggregates), never the ones it adds nor platform tables', () => {
    const scoper = marking();
    const scoped = scopeRead(tree, [scoper]);
    expect(scoper.met.sort()).toEqual(['t0', 't1', 't3', 't4', 't5', 'v0']);
    expect(scoped.nextAlias).toBe(12);
    const sql = compileRead(scoped).text;
    for (const alias of scoper.met) expect(sql).toContain(`("${alias}"."scoped" is null)`);
    expect(sql).not.toContain('"u2"."scoped"');
  });

  it('puts the conditions between the link and the where, and defers the root list it restricts (not nested ones)', () => {
    const scoped = scopeRead(tree, [marking()]);
    const get = scoped.entries[0].shape as Extract<ReadOperation['entries'][number]['shape'], { kind: 'record' }>;
    expect(get.link).toHaveLength(1);
    expect(get.where[0]).toEqual(marker('t0'));
    const list = scoped.entries[1].shape as Extract<ReadOperation['entries'][number]['shape'], { kind: 'connection' }>;
    expect(list.query.deferred).toBe(true);
    expect(list.query.where[0]).toEqual(marker('t3'));
  });

  it('keeps an id-only lookup filter on the column when no scoper checks links, and does not defer without restriction', () => {
    const live: SourceScoper = { conditions: (s) => [marker(s.alias)] };
    const scoped = scopeRead(tree, [live]);
    const list = scoped.entries[1].shape as Extract<ReadOperation['entries'][number]['shape'], { kind: 'connection' }>;
    expect(list.query.deferred).toBeUndefined();
    expect(list.query.where).toContainEqual(eq(col('t3', 'account'), { kind: 'param', value: 'a' }));
    expect(compileRead(scoped).text).not.toContain('"v0"');
  });

  it('refuses to compile a tree that was not scoped', () => {
    expect(() => compileRead(tree as never)).toThrow(/not scoped/);
    const ids: IdQuery = { kind: 'ids', from: src('lead', 't0'), link: [], where: [], limit: 3, lock: true, nextAlias: 1 };
    expect(() => compileIds(ids as never)).toThrow(/not scoped/);
    expect(compileIds(scopeIds(ids, [marking()])).text).toMatch(/^select "t0"\.id from "s"\."lead" "t0" where \("t0"\."scoped" is null\) and .* order by "t0"\.id limit 3 for update$/);
  });
});
