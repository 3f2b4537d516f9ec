/**
 * @tessera/runtime: sandboxed scripts (isolated-vm, in sandbox processes): triggers and custom
 * actions. It plugs into the platform as a plugin (`createPlugin()`); the platform never
 * imports it.
 */
export { ScriptRuntime, createPlugin, type ScriptRuntimePlugin, limitsFor, DEFAULT_RUNTIME_LIMITS, type RuntimeLimits, type ScriptRuntimeOptions } from './scripts/runtime.ts';
export { compileScript, lineMapOf } from './scripts/compiler.ts';
export { SandboxProcesses, type SandboxProcessesOptions } from './sandbox/processes.ts';
export { DEFAULT_SANDBOX_LIMITS, MAX_SANDBOX_LIMITS, type SandboxLimits, type SandboxScript } from './sandbox/protocol.ts';
export { AMBIENT } from './scripts/ambient.ts';
import { createPlugin } from './scripts/runtime.ts';
/** The default plugin instance, as the server entry loads it (TESSERA_PLUGINS). */
export const plugin = createPlugin();
