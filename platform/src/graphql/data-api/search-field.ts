import { search, SEARCH_DEFAULT_FIRST, SEARCH_MAX_FIRST, type SearchHit } from '../../operations/index.ts';
import { traceStep } from '../../operations/trace.ts';
import type { DataSchemaBuilder } from './builder-types.ts';
import type { DataContext } from './context.ts';

/**
 * `search(text, first): [SearchHit!]!`, the global search: its type and the root field's definition,
 * for the Query type. graphql-yoga executes it (the compiled path leaves it: NotCompilable); the
 * search verb reads every object in one statement, through the planner and row-level access.
 */
export function searchField(builder: DataSchemaBuilder) {
  const b = builder as any;
  const hit = b.objectRef('SearchHit').implement({
    description: 'A record global search found.',
    fields: (t: any) => ({
      object: t.string({ nullable: false, description: 'The object\'s API name.', resolve: (h: SearchHit) => h.object }),
      id: t.id({ nullable: false, resolve: (h: SearchHit) => h.id }),
      title: t.string({ nullable: false, description: 'The record\'s name (its title field; else a searched field; else its id).', resolve: (h: SearchHit) => h.title }),
    }),
  });
  return (t: any) => t.field({
    type: [hit],
    nullable: false,
    description: `The records of the objects you may read whose name or searchable fields contain the text (trigram matching: Chinese fragments of 2 characters and more, others of 3), best first (exact, prefix, then similarity), grouped by object. At most \`first\` (default ${SEARCH_DEFAULT_FIRST}, at most ${SEARCH_MAX_FIRST}).`,
    args: { text: t.arg.string({ required: true }), first: t.arg.int() },
    resolve: (_root: unknown, args: { text: string; first?: number | null }, ctx: DataContext) => traceStep(ctx.tracer, { step: 'read', object: 'search', records: 0 }, () => {
      ctx.tracer?.countQuery();
      ctx.readBudget ??= { cost: 0 };
      return search({ model: ctx.model, limits: ctx.limits, security: ctx.security, db: ctx.platform.pool, budget: ctx.readBudget }, { text: args.text, first: args.first });
    }),
  });
}
