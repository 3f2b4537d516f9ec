import { PlatformError, isPlatformError } from '@tessera/platform';
import { lineOf, type Failure, type InvocationResult, type SandboxLimits, type SandboxScript } from '../sandbox/protocol.ts';

/**
 * How a script's failures are told: every one names the script and version, the line when known,
 * and for limits the limit, the value reached and the maximum (`extensions`). Failures the caller
 * can simply retry (its isolate or process was replaced for another call) say `retryable: true`.
 */
export function scriptError(script: SandboxScript, what: string, error: InvocationResult['error']): PlatformError {
  const line = lineOf(error?.stack, script);
  return new PlatformError('SCRIPT_ERROR', `The script ${script.name} (version ${script.version}) failed ${what}${line ? ` at line ${line}` : ''}: ${error?.name ?? 'Error'}: ${error?.message ?? ''}`, {
    extensions: { script: script.name, version: script.version, line: line ?? null, error: error?.message ?? null },
  });
}

/** A handler's result; a script error in it explained (the call stack and allocation failures as limits). */
export function outcome(result: InvocationResult, script: SandboxScript, handler: string, limits: SandboxLimits): InvocationResult {
  if (result.s !== 'error') return result;
  const error = result.error;
  const line = lineOf(error?.stack, script) ?? null;
  if (result.at) throw scriptError(script, result.at, error);
  if (error?.name === 'RangeError' && /call stack/.test(error.message)) {
    throw new PlatformError('LIMIT_EXCEEDED', `The script ${script.name} exceeded the call stack (recursion too deep) at line ${line ?? '?'}`, {
      extensions: { limit: 'callStack', value: 'exceeded', max: 'V8 stack', script: script.name, version: script.version, line },
    });
  }
  if (error?.name === 'RangeError' && /Array buffer allocation failed|Invalid string length|Invalid array length/.test(error.message)) {
    throw new PlatformError('LIMIT_EXCEEDED', `Memory: the script ${script.name} (version ${script.version})${line ? ` at line ${line}` : ''} tried to allocate past the limit memoryMb = ${limits.memoryMb} (${error.message})`, {
      extensions: { limit: 'memoryMb', value: `>${limits.memoryMb}`, max: limits.memoryMb, script: script.name, version: script.version, line },
    });
  }
  throw scriptError(script, `in ${handler}`, error);
}

export function asPlatformError(error: unknown, script: SandboxScript): PlatformError {
  if (isPlatformError(error)) {
    if (error.code === 'LIMIT_EXCEEDED' && !(error.extra as Record<string, unknown> | undefined)?.script) return explain(error, script, undefined);
    return error;
  }
  return new PlatformError('SCRIPT_ERROR', `The script ${script.name} (version ${script.version}) crashed: ${(error as Error)?.message ?? String(error)}`, { extensions: { script: script.name, version: script.version, line: null } });
}

/** A failure outside the script's own code, explained: the limit (its value and maximum), the script, its line. */
export function explainFailure(f: Failure, script: SandboxScript, limits: SandboxLimits): PlatformError {
  const line = ('stack' in f ? lineOf(f.stack, script) : undefined) ?? null;
  const where = `the script ${script.name} (version ${script.version})${line ? ` at line ${line}` : ''}`;
  const named = { script: script.name, version: script.version, line };
  switch (f.k) {
    case 'cpu': {
      const value = Math.max(f.ms, limits.cpuMs);
      return new PlatformError('LIMIT_EXCEEDED', `CPU time: ${where} ran ${value} ms; the limit is cpuMs = ${limits.cpuMs}`, { extensions: { limit: 'cpuMs', value, max: limits.cpuMs, ...named } });
    }
    case 'wall':
      return new PlatformError('LIMIT_EXCEEDED', `Wall time: ${where} stayed pending ${f.ms} ms (a promise that never settles?); the limit is wallMs = ${limits.wallMs}`, { extensions: { limit: 'wallMs', value: f.ms, max: limits.wallMs, ...named } });
    case 'deadline':
      return new PlatformError('LIMIT_EXCEEDED', `Wall time: ${where} did not finish within ${f.ms} ms and its sandbox process stopped answering; the process was restarted (the limit is wallMs = ${limits.wallMs})`, { extensions: { limit: 'wallMs', value: f.ms, max: limits.wallMs, ...named } });
    case 'stalled':
      return new PlatformError('LIMIT_EXCEEDED', `CPU time: ${where} ran on past its CPU limit inside V8, where it could not be interrupted, for ${f.ms} ms; its sandbox process was restarted (the limit is cpuMs = ${limits.cpuMs})`, { extensions: { limit: 'cpuMs', value: Math.max(f.ms, limits.cpuMs), max: limits.cpuMs, reason: 'sandboxStalled', ...named } });
    case 'memory':
      return new PlatformError('LIMIT_EXCEEDED', `Memory: ${where} used more than the limit memoryMb = ${limits.memoryMb}`, { extensions: { limit: 'memoryMb', value: `>${limits.memoryMb}`, max: limits.memoryMb, ...named } });
    case 'aborted':
      return new PlatformError('LIMIT_EXCEEDED', `Memory: ${where} made V8 abort its sandbox process (${f.detail}), which only an allocation past what V8 can hold does; the process was restarted. The limit is memoryMb = ${limits.memoryMb}`, { extensions: { limit: 'memoryMb', value: `>${limits.memoryMb}`, max: limits.memoryMb, reason: 'sandboxAborted', ...named } });
    case 'result':
      return new PlatformError('LIMIT_EXCEEDED', `The handler returned ${f.bytes} bytes; the limit is ${limits.maxResultBytes} (script ${script.name}, version ${script.version})`, { extensions: { limit: 'maxResultBytes', value: f.bytes, max: limits.maxResultBytes, ...named } });
    case 'replaced':
      return replaced(script);
    case 'restarted':
      return new PlatformError('SCRIPT_ERROR', `The script ${script.name} (version ${script.version}) was stopped: its sandbox process was restarted while it ran (${f.detail}). Nothing it did was kept; try again.`, {
        extensions: { ...named, reason: 'sandboxRestarted', retryable: true },
      });
    case 'starved':
      return new PlatformError('SCRIPT_ERROR', `The script ${script.name} (version ${script.version}) was stopped after ${f.ms} ms of CPU time, short of its limit cpuMs = ${limits.cpuMs}: its sandbox got too little CPU (the machine is busy). Nothing it did was kept; try again.`, {
        extensions: { ...named, reason: 'sandboxBusy', retryable: true },
      });
    case 'crash':
      return new PlatformError('SCRIPT_ERROR', `${where} crashed: ${f.message}`, { extensions: named });
  }
}

/** A call whose isolate was disposed while it ran, because another call exceeded a limit. */
function replaced(script: SandboxScript): PlatformError {
  return new PlatformError('SCRIPT_ERROR', `The script ${script.name} (version ${script.version}) was stopped: the tenant's isolate was replaced while it ran, because another call exceeded a limit. Nothing it did was kept; try again.`, {
    extensions: { script: script.name, version: script.version, line: null, reason: 'isolateReplaced', retryable: true },
  });
}

/** Names the script and line on a limit the local API raised. */
export function explain(error: PlatformError, script: SandboxScript, line: number | undefined): PlatformError {
  const ext = (error.extra ?? {}) as Record<string, unknown>;
  return new PlatformError('LIMIT_EXCEEDED', `${error.message} (script ${script.name}, version ${script.version}${line ? `, line ${line}` : ''})`, {
    details: error.details, extensions: { ...ext, script: script.name, version: script.version, line: line ?? ext.line ?? null },
  });
}
