import type { ObjectModel } from '@tessera/platform';
type Field = ObjectModel['catalog']['definition']['fields'][number];
/**
 * A cell's text as the field's API value, where the text says it plainly: numbers for numeric
 * fields, yes/no (English or Chinese) for booleans, `;`-separated lists, JSON for json fields.
 * Text that is not what the field takes is passed on as it is: the field's own validation then
 * refuses it with its usual message and pointer (one source of truth for what a value may be).
 */
export declare function cellValue(field: Field, text: string): unknown;
export {};
