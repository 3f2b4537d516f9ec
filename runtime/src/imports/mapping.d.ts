import { type ObjectModel, type SchemaModel, type SecurityContext } from '@tessera/platform';
/** File column → target: a field name, or `<lookup>.<unique field of its target>` (the record found by that value). */
export type Mapping = Record<string, string>;
/** The column an error file adds; never mapped (a fixed error file is imported again as it is). */
export declare const REASON_COLUMN = "reason";
/**
 * A mapping suggested from the file's headers: a header equal (case, spaces and punctuation aside)
 * to a field's API name or its label in English or Chinese maps to it; `<lookup> <unique field>`
 * ("Account Name", "客户 名称", "account.code") to that lookup resolved by that field. The
 * previous mapping saved for the object wins for the headers it names.
 */
export declare function suggestMapping(model: SchemaModel, object: ObjectModel, headers: string[], saved: Mapping | null): Mapping;
/**
 * Checks a mapping against the file and the caller, before anything is staged: every column it
 * names is in the file, every target a writable field (lookups by a unique field of their
 * target), no field twice, each one the caller may edit (FORBIDDEN otherwise), and `match` a
 * unique field the mapping fills. Errors point at `/mapping/<column>` or `/match`.
 */
export declare function checkMapping(model: SchemaModel, object: ObjectModel, headers: string[], mapping: Mapping, match: string | null, security: SecurityContext | undefined): void;
