export { ddlNames } from './identifiers.ts';
export * from './table-ddl.ts';
export * from './column-ddl.ts';
