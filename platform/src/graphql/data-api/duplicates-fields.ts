import { findDuplicates, type FoundDuplicate } from '../../duplicates/find.ts';
import { traceStep } from '../../operations/trace.ts';
import type { DataSchemaBuilder } from './builder-types.ts';
import type { DataContext } from './context.ts';

/**
 * `findDuplicates(object, data, id): [DuplicateMatch!]!`: its type and the root field's definition,
 * for the Query type. graphql-yoga executes it (the compiled path leaves it: NotCompilable); the
 * verb (duplicates/find.ts) reads in one statement, and tells of records the caller may not read
 * only that they exist.
 */
export function findDuplicatesField(builder: DataSchemaBuilder) {
  const b = builder as any;
  const match = b.objectRef('DuplicateMatch').implement({
    description: 'A live record that the data would duplicate by a duplicate rule.',
    fields: (t: any) => ({
      rule: t.string({ nullable: false, description: 'The duplicate rule\'s name.', resolve: (m: FoundDuplicate) => m.rule }),
      action: t.string({ nullable: false, description: 'BLOCK (a save is refused) or WARN (refused unless allowDuplicates: true).', resolve: (m: FoundDuplicate) => m.action }),
      fields: t.stringList({ nullable: false, description: 'The fields that matched.', resolve: (m: FoundDuplicate) => m.fields }),
      id: t.id({ nullable: true, description: 'The record; null when you may not read it (or its matched fields).', resolve: (m: FoundDuplicate) => m.id ?? null }),
      score: t.float({ nullable: true, description: '1 for exact and normalized matches, else the least trigram similarity; null when hidden.', resolve: (m: FoundDuplicate) => m.score ?? null }),
      hidden: t.boolean({ nullable: false, description: 'A duplicate you may not read: it exists, nothing more (at most one per rule).', resolve: (m: FoundDuplicate) => m.hidden === true }),
    }),
  });
  return (t: any) => t.field({
    type: [match],
    nullable: false,
    description: 'The live records of an object that a record with these field values (as a create or update takes them, any subset) would duplicate by its active duplicate rules, best first; `id`: the record being edited (not its own duplicate).',
    args: { object: t.arg.string({ required: true }), data: t.arg({ type: 'JSON', required: true }), id: t.arg.id() },
    resolve: (_root: unknown, args: { object: string; data: unknown; id?: string | null }, ctx: DataContext) => traceStep(ctx.tracer, { step: 'read', object: 'findDuplicates', records: 0 }, () => {
      ctx.tracer?.countQuery();
      return findDuplicates({ model: ctx.model, limits: ctx.limits, security: ctx.security, pool: ctx.platform.pool }, args);
    }),
  });
}
