export * from './tree.ts';
export { compileRead, type CompiledSql } from './compile.ts';
export { compileExpr, whereSql } from './compile-expr.ts';
export { SqlWriter, fromSql } from './writer.ts';
