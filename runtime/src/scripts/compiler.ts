import ts from 'typescript';
import type { CompiledScript, ScriptDiagnostic, ScriptLanguage } from '@tessera/platform';
import { SandboxCallError } from '../sandbox/child.ts';
import { SandboxProcesses } from '../sandbox/processes.ts';
import { lineOf, type Failure, type SandboxScript } from '../sandbox/protocol.ts';
import { scriptError } from './errors.ts';
import { AMBIENT } from './ambient.ts';
import { position, toDiagnostic } from './type-check.ts';
import { typeCheckOffThread } from './type-check-client.ts';

/** No imports: a script is one self-contained module. */
function importDiagnostics(file: ts.SourceFile): ScriptDiagnostic[] {
  const out: ScriptDiagnostic[] = [];
  const visit = (node: ts.Node) => {
    const isImport = ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined)
      || (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword);
    if (isImport) out.push({ ...position(file, node.getStart(file)), message: 'Scripts cannot import modules: everything they use comes through ctx', severity: 'error' });
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

const VLQ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** From a source map: generated line (1-based) → source line (1-based), the first mapping of each line. */
export function lineMapOf(sourceMapText: string | undefined): number[] | null {
  if (!sourceMapText) return null;
  const mappings: string = JSON.parse(sourceMapText).mappings;
  const map: number[] = [0];
  let sourceLine = 0;
  for (const line of mappings.split(';')) {
    let first: number | undefined;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = VLQ.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      if (values.length >= 4) {
        sourceLine += values[2];
        first ??= sourceLine + 1;
      }
    }
    map.push(first ?? map[map.length - 1] ?? 1);
  }
  return map;
}

export interface CompileOptions {
  /** CPU limit for evaluating the module once to read its exports (ms). */
  cpuMs?: number;
  memoryMb?: number;
  /** Where the module is evaluated (a sandbox process); absent: a process started for this compile. */
  sandboxes?: SandboxProcesses;
}

interface Shape { triggers: Record<string, string[]>; actions: Record<string, Record<string, { input?: Record<string, unknown> }>>; problems: string[] }

/** Why evaluating the module failed, as a diagnostic message. */
function evaluationProblem(f: Failure): string {
  switch (f.k) {
    case 'cpu': case 'stalled': return 'Evaluating the script took longer than the CPU limit';
    case 'memory': case 'aborted': return 'Evaluating the script exceeded the memory limit';
    case 'wall': case 'deadline': return 'Evaluating the script took longer than the time limit';
    case 'crash': return f.message;
    default: return 'The sandbox could not finish evaluating the script (it was replaced, or too busy); save it again';
  }
}

/**
 * Compiles a script on save: transpiled to JavaScript (CommonJS exports, run inside a function
 * in the isolate), type-checked when TypeScript, then evaluated once in a throwaway isolate (in a
 * sandbox process) to read the handlers it declares. Never evaluated in the server's process.
 */
export async function compileScript(input: { name: string; language: ScriptLanguage; source: string; types?: string }, options: CompileOptions = {}): Promise<CompiledScript> {
  const fileName = input.language === 'TS' ? 'script.ts' : 'script.js';
  const empty = { triggers: {}, actions: {} };
  const out = ts.transpileModule(input.source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, sourceMap: true, allowJs: true, isolatedModules: true, esModuleInterop: false },
  });
  const parsed = ts.createSourceFile(fileName, input.source, ts.ScriptTarget.ES2022, true, input.language === 'TS' ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const diagnostics: ScriptDiagnostic[] = [
    ...(out.diagnostics ?? []).map((d) => toDiagnostic(d, d.file?.fileName ?? fileName)).filter((d): d is ScriptDiagnostic => d !== undefined),
    ...importDiagnostics(parsed),
  ];
  if (input.language === 'TS' && !diagnostics.some((d) => d.severity === 'error')) diagnostics.push(...(await typeCheckOffThread(input.source, input.types ?? AMBIENT)));
  if (diagnostics.some((d) => d.severity === 'error')) return { compiled: null, lineMap: null, handlers: empty, diagnostics: dedupe(diagnostics) };
  const compiled = out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/s, '\n');
  const lineMap = lineMapOf(out.sourceMapText);
  const script: SandboxScript = { name: input.name, version: 0, compiled, lineMap };
  const sandboxes = options.sandboxes ?? new SandboxProcesses({ processes: 1 });
  try {
    const json = await sandboxes.shape(script.name, compiled, options.cpuMs ?? 50, options.memoryMb ?? 32);
    const out = JSON.parse(json) as Shape | { s: 'error'; at?: string; error?: { name: string; message: string; stack: string } };
    if ('s' in out) {
      const error = scriptError(script, out.at ?? 'reading its exports', out.error);
      diagnostics.push({ line: (error.extra as { line?: number | null }).line ?? 1, column: 1, message: error.message, severity: 'error' });
      return { compiled: null, lineMap: null, handlers: empty, diagnostics };
    }
    const shape = out;
    for (const problem of shape.problems) diagnostics.push({ line: 1, column: 1, message: problem, severity: 'error' });
    if (shape.problems.length) return { compiled: null, lineMap: null, handlers: empty, diagnostics };
    if (Object.keys(shape.triggers).length === 0 && Object.keys(shape.actions).length === 0) diagnostics.push({ line: 1, column: 1, message: 'The script exports no triggers and no actions', severity: 'warning' });
    return { compiled, lineMap, handlers: { triggers: shape.triggers, actions: shape.actions }, diagnostics };
  } catch (error) {
    const f = error instanceof SandboxCallError ? error.failure : undefined;
    const message = f ? evaluationProblem(f) : ((error as Error)?.message ?? String(error));
    diagnostics.push({ line: (f && 'stack' in f ? lineOf(f.stack, script) : undefined) ?? 1, column: 1, message, severity: 'error' });
    return { compiled: null, lineMap: null, handlers: empty, diagnostics };
  } finally {
    if (!options.sandboxes) await sandboxes.close();
  }
}

function dedupe(list: ScriptDiagnostic[]): ScriptDiagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
