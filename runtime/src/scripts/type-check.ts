import path from 'node:path';
import ts from 'typescript';
import type { ScriptDiagnostic } from '@tessera/platform';

const LIB_DIR = path.dirname(ts.getDefaultLibFilePath({}));
const LIB = 'lib.es2022.d.ts';
const AMBIENT_FILE = '/tessera-ctx.d.ts';
/** Library declaration files, parsed once per process (type-checking a script then costs tens of ms). */
const libFiles = new Map<string, ts.SourceFile | undefined>();

const CHECK_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  lib: [LIB],
  types: [],
  strict: true,
  noImplicitAny: false,
  noEmit: true,
  skipLibCheck: true,
  noLib: false,
};

function libFile(fileName: string): ts.SourceFile | undefined {
  if (!libFiles.has(fileName)) {
    const text = ts.sys.readFile(fileName);
    libFiles.set(fileName, text === undefined ? undefined : ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true));
  }
  return libFiles.get(fileName);
}

export function position(file: ts.SourceFile | undefined, start: number | undefined): { line: number; column: number } {
  if (!file || start === undefined) return { line: 1, column: 1 };
  const lc = file.getLineAndCharacterOfPosition(start);
  return { line: lc.line + 1, column: lc.character + 1 };
}

export function toDiagnostic(d: ts.Diagnostic, fileName: string): ScriptDiagnostic | undefined {
  if (d.file && d.file.fileName !== fileName) return undefined;
  const { line, column } = position(d.file, d.start);
  return { line, column, message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), severity: d.category === ts.DiagnosticCategory.Error ? 'error' : 'warning' };
}

/** Type-checks a TypeScript script against the ctx declarations (the tenant's typed objects, or the generic ones); exports are contextually typed. */
export function typeCheck(source: string, types: string): ScriptDiagnostic[] {
  const fileName = '/script.ts';
  // `export const triggers = {…}` is checked as `export const triggers: Triggers = {…}` (same line, so positions hold but for that line).
  const checked = source.replace(/export\s+const\s+(triggers|actions)(\s*)=/g, (_m, name: string, space: string) => `export const ${name}: ${name === 'triggers' ? 'Triggers' : 'Actions'}${space}=`);
  const script = ts.createSourceFile(fileName, checked, ts.ScriptTarget.ES2022, true);
  const ambient = ts.createSourceFile(AMBIENT_FILE, types, ts.ScriptTarget.ES2022, true);
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? script : name === AMBIENT_FILE ? ambient : libFile(name.startsWith('/') || name.includes(path.sep) ? name : path.join(LIB_DIR, name))),
    getDefaultLibFileName: () => path.join(LIB_DIR, LIB),
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getDirectories: () => [],
    fileExists: (name) => name === fileName || name === AMBIENT_FILE || ts.sys.fileExists(name),
    readFile: (name) => (name === fileName ? checked : name === AMBIENT_FILE ? types : ts.sys.readFile(name)),
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
  };
  const program = ts.createProgram({ rootNames: [AMBIENT_FILE, fileName], options: CHECK_OPTIONS, host });
  const all = [...program.getSyntacticDiagnostics(script), ...program.getSemanticDiagnostics(script)];
  return all.map((d) => toDiagnostic(d, fileName)).filter((d): d is ScriptDiagnostic => d !== undefined);
}

