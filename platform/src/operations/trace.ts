/** One step the save pipeline (or a read) ran for a request: what, on which records, how long, how many queries. */
export interface TraceStep {
  step: string;
  hook?: string;
  object: string;
  records: number;
  /** The first ids of the records concerned (at most 20). */
  ids?: string[];
  ms: number;
  queries: number;
}

/**
 * Collects the steps of one request when it asks for them (`x-tessera-trace: 1`); `queries` counts
 * the SQL statements the request's transaction has run so far.
 */
export class Tracer {
  readonly steps: TraceStep[] = [];
  private statements = 0;

  countQuery(): void {
    this.statements++;
  }

  get queries(): number {
    return this.statements;
  }

  /** Times `work` and records it as a step with the statements it ran. */
  async step<T>(step: Omit<TraceStep, 'ms' | 'queries'>, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const before = this.statements;
    try {
      return await work();
    } finally {
      this.steps.push({ ...step, ms: Math.round((performance.now() - started) * 1000) / 1000, queries: this.statements - before });
    }
  }
}

/** Runs `work` as a traced step when the context carries a tracer. */
export function traceStep<T>(tracer: Tracer | undefined, step: Omit<TraceStep, 'ms' | 'queries'>, work: () => Promise<T>): Promise<T> {
  return tracer ? tracer.step(step, work) : work();
}
