import { SandboxCallError, SandboxChild, type CallSpec } from './child.ts';

export interface SandboxProcessesOptions {
  /** Sandbox processes (default TESSERA_SANDBOX_PROCESSES, else 2). */
  processes?: number;
  /** Added to a call's wallMs + cpuMs before its process is presumed stuck and killed (default 5,000 ms). */
  marginMs?: number;
  /** A process's memory bound (MB, default TESSERA_SANDBOX_MAX_RSS_MB, else 1,024). */
  maxRssMb?: number;
  /** How much lower the processes' scheduling priority is (default TESSERA_SANDBOX_NICE, else 10). */
  nice?: number;
}

/** A tenant whose scripts broke a process (it died while they ran, stalled or wedged it) this many times within STRIKE_MS is moved to the quarantine process. */
const STRIKES = 2;
const STRIKE_MS = 10 * 60_000;

const envNumber = (name: string): number | undefined => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
};

/**
 * The sandbox processes of a server: scripts never run in the server's process. A tenant's calls
 * go to one process, chosen by a stable hash of its id (its isolate lives there). A tenant whose
 * scripts keep killing their process (V8 aborts) is moved to a process of its own — the quarantine —
 * so that the tenants it shared a process with stop losing their calls with it. Processes start on
 * first use; close() stops them.
 */
export class SandboxProcesses {
  private readonly children: SandboxChild[];
  private quarantine: SandboxChild | undefined;
  private readonly strikes = new Map<string, number[]>();
  private readonly options: Required<SandboxProcessesOptions>;

  constructor(options: SandboxProcessesOptions = {}) {
    this.options = {
      processes: Math.max(1, Math.floor(options.processes ?? envNumber('TESSERA_SANDBOX_PROCESSES') ?? 2)),
      marginMs: options.marginMs ?? envNumber('TESSERA_SANDBOX_MARGIN_MS') ?? 5_000,
      maxRssMb: options.maxRssMb ?? envNumber('TESSERA_SANDBOX_MAX_RSS_MB') ?? 1_024,
      nice: options.nice ?? envNumber('TESSERA_SANDBOX_NICE') ?? 10,
    };
    this.children = Array.from({ length: this.options.processes }, () => this.child());
  }

  private child(): SandboxChild {
    return new SandboxChild({ marginMs: this.options.marginMs, maxRssMb: this.options.maxRssMb, nice: this.options.nice, onStrike: (tenants) => this.strike(tenants) });
  }

  /** Runs a handler in the tenant's process; resolves with its InvocationResult JSON, rejects with a SandboxCallError (or a host-call failure). */
  call(spec: CallSpec): Promise<string> {
    // A tenant whose scripts broke a process lately runs off the processes' threads: the watchdog then always sees it.
    return this.processOf(spec.tenant).call(spec, this.strikes.has(spec.tenant));
  }

  /**
   * Evaluates a script once in a throwaway isolate (at save time); resolves with its shape JSON.
   * It has no effects, so when its process was replaced (or too busy) meanwhile it is run once more;
   * so is one whose process died under it (`aborted`): another tenant's script on the process's
   * threads can take it down while this one evaluates (seen: a Map bomb's abort refused an innocent
   * save as "exceeded the memory limit"). A module that itself aborts the process does so again.
   */
  async shape(name: string, compiled: string, cpuMs: number, memoryMb: number): Promise<string> {
    const child = this.children[hash(name) % this.children.length];
    try {
      return await child.shape(name, compiled, cpuMs, memoryMb);
    } catch (error) {
      const k = error instanceof SandboxCallError ? error.failure.k : undefined;
      if (k !== 'restarted' && k !== 'replaced' && k !== 'starved' && k !== 'aborted') throw error;
      return child.shape(name, compiled, cpuMs, memoryMb);
    }
  }

  processOf(tenant: string): SandboxChild {
    const times = this.strikes.get(tenant);
    if (times && performance.now() - times[times.length - 1] > STRIKE_MS) this.strikes.delete(tenant);
    else if (times && times.length >= STRIKES) return (this.quarantine ??= this.child());
    return this.children[hash(tenant) % this.children.length];
  }

  /** The process ids (for tests and diagnostics). */
  pids(): number[] {
    return [...this.children, ...(this.quarantine ? [this.quarantine] : [])].map((c) => c.pid).filter((p): p is number => p !== undefined);
  }

  private strike(tenants: string[]): void {
    const now = performance.now();
    for (const tenant of new Set(tenants)) {
      const times = (this.strikes.get(tenant) ?? []).filter((t) => now - t < STRIKE_MS);
      times.push(now);
      this.strikes.set(tenant, times.slice(-STRIKES));
    }
    if (this.strikes.size > 10_000) this.strikes.clear();
  }

  async close(): Promise<void> {
    await Promise.all([...this.children, ...(this.quarantine ? [this.quarantine] : [])].map((c) => c.close()));
  }
}

/** FNV-1a: a stable spread of tenant ids over the processes. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
