import { PlatformError } from '../errors/index.ts';
import { systemClock, type Clock } from '../clock/index.ts';
import { orderByConstraints } from '../util/order.ts';
import type { OperationContext, PendingInsert, RecordChange, SaveBatch, SaveHook, SaveRunner } from './context.ts';

export type { PendingInsert, RecordChange, SaveBatch, SaveHook, WriteKind } from './context.ts';

const serialized = new WeakMap<RecordChange[], string>();

/** `[[id, changes], …]` as JSON, built once per batch for everyone who writes the changes (audit, the outbox). */
export function changesJson(changes: RecordChange[]): string {
  let json = serialized.get(changes);
  if (json === undefined) {
    json = JSON.stringify(changes.map((r) => [r.id, r.c]));
    serialized.set(changes, json);
  }
  return json;
}

/**
 * Pending inserts as the leading CTEs of another statement (`p0 as (…), p1 as (…), `), their
 * parameters renumbered to follow that statement's `offset` own.
 */
export function pendingCtes(pending: readonly PendingInsert[], offset: number): { sql: string; params: unknown[] } {
  let sql = '';
  const params: unknown[] = [];
  pending.forEach((p, i) => {
    const base = offset + params.length;
    sql += `p${i} as (${p.text.replace(/\$(\d+)/g, (_, n: string) => `$${base + Number(n)}`)}), `;
    params.push(...p.params);
  });
  return { sql, params };
}

/** Sends what hooks left pending and no later statement took (one statement). */
async function flushPending(ctx: OperationContext, batch: SaveBatch): Promise<void> {
  const pending = batch.pending?.splice(0) ?? [];
  if (pending.length === 1) await ctx.db.query(pending[0].text, pending[0].params);
  else if (pending.length > 1) {
    const { sql, params } = pendingCtes(pending, 0);
    await ctx.db.query(`with ${sql.slice(0, -2)} select 1`, params);
  }
}

export type { TraceStep } from './trace.ts';

export const STEP_ORDER = ['validate', 'permissions', 'beforeWrite', 'write', 'afterWrite', 'audit', 'events'] as const;

/**
 * The one save pipeline. Its order is fixed and documented: validate → permissions →
 * before-write hooks (e.g. before-triggers) → write → after-write hooks (after-triggers) → audit →
 * events (workflows). Every hook is called once per batch, not once per record. Hooks register
 * themselves (the platform's own features, the runtime's scripts, marketplace apps alike).
 */
export class SavePipeline implements SaveRunner {
  private added: SaveHook[] = [];
  private ordered: SaveHook[] = [];
  readonly maxDepth: number;
  readonly clock: Clock;

  /** `clock`: the platform's (a manual one under TESSERA_TEST_CLOCK), read by values the write assigns. */
  constructor(options: { maxDepth?: number; clock?: Clock } = {}) {
    this.maxDepth = options.maxDepth ?? 5;
    this.clock = options.clock ?? systemClock;
  }

  /** The hooks in the order they run (by their declared constraints). */
  get hooks(): readonly SaveHook[] {
    return this.ordered;
  }

  /** Adds a hook; a name already there, or constraints that make a cycle, fail loudly (nothing is added). */
  use(hook: SaveHook): this {
    this.ordered = orderByConstraints([...this.added, hook]);
    this.added.push(hook);
    return this;
  }

  /** Takes a hook out (a plugin uninstalled); whether it was there. */
  remove(name: string): boolean {
    const before = this.added.length;
    this.added = this.added.filter((h) => h.name !== name);
    this.ordered = this.ordered.filter((h) => h.name !== name);
    return this.added.length !== before;
  }

  async runStep(ctx: OperationContext, step: SaveHook['step'], batch: SaveBatch): Promise<void> {
    for (const hook of this.ordered) {
      if (hook.step !== step || !wants(hook, batch)) continue;
      if (ctx.tracer) await ctx.tracer.step(traced(step, batch, hook.name), () => hook.run(ctx, batch));
      else await hook.run(ctx, batch);
    }
  }

  /** Runs the steps around `write`, in order; `validate` has run before (it needs no transaction). */
  async save(ctx: OperationContext, batch: SaveBatch, write: () => Promise<void>): Promise<void> {
    if (ctx.depth > this.maxDepth) throw new PlatformError('LIMIT_EXCEEDED', `Writes nested ${ctx.depth} deep (a hook writing records that run hooks again); the limit is ${this.maxDepth}`, { extensions: { limit: 'maxSaveDepth', value: ctx.depth, max: this.maxDepth } });
    await this.runStep(ctx, 'permissions', batch);
    await this.runStep(ctx, 'beforeWrite', batch);
    if (ctx.tracer) await ctx.tracer.step(traced('write', batch), write);
    else await write();
    await this.runStep(ctx, 'afterWrite', batch);
    await this.runStep(ctx, 'audit', batch);
    await this.runStep(ctx, 'events', batch);
    await flushPending(ctx, batch);
  }
}

/** Whether a hook wants a batch: its objects, its write kinds and, for updates, a field it watches written. */
function wants(hook: SaveHook, batch: SaveBatch): boolean {
  if (hook.objects && !hook.objects.includes(batch.object.name)) return false;
  if (hook.events && !hook.events.includes(batch.kind)) return false;
  if (hook.fields && batch.kind === 'update') {
    const watched = hook.fields;
    // After the write, what changed is known (audit collects it); before, what is being written.
    if (batch.changes) return batch.changes.some((r) => r.c.some(([field]) => watched.includes(field)));
    return batch.records.some((r) => watched.some((f) => f in r));
  }
  return true;
}

function traced(step: string, batch: SaveBatch, hook?: string) {
  return { step: `${batch.kind}.${step}`, hook, object: batch.object.name, records: batch.records.length || batch.ids.length, ids: batch.ids.slice(0, 20) };
}
