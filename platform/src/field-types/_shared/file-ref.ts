import type { FieldType, DefinitionProblem } from '../field-type.ts';
import type { Label } from '../../metadata/label.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { qualified } from '../../storage/sql/quote.ts';
import { EQUALITY, nullable } from './single-column.ts';

const UUID = { type: 'string', format: 'uuid' } as const;

/** A file field's value as written: the file's id, or the `File` object a read gave (its id is what counts). */
export function fileIdOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}

/** The JSON a file field answers with (GraphQL `File`), built in SQL from the tenant's `_files` row its column names. */
export function fileJsonSql(schema: string, id: string): string {
  const url = `'/files/' || f."id"`;
  return `(select json_build_object('id', f."id", 'name', f."name", 'size', f."size", 'mimeType', f."mime", 'url', ${url}, `
    + `'thumbnailUrl', case when f."thumbnailKey" is null then null else ${url} || '/thumbnail' end) `
    + `from ${qualified(schema, '_files')} f where f."id" = ${id})`;
}

/** What each file-like type adds: the upload limits of a field (resolved) and its own checks. */
export interface FileRefSpec {
  name: 'file' | 'image' | 'signature';
  label: Label;
  propertiesSchema: Record<string, unknown>;
  widget: FieldType['widget'];
  /** The MIME types a field takes when it names none (`accept`). */
  defaultAccept: readonly string[];
  defaultMaxSize: number;
  check?(field: ResolvedField): DefinitionProblem[];
}

/** A field's upload limits: its `maxSize` (bytes) and `accept` list, defaults applied. */
export function uploadLimits(field: ResolvedField): { maxSize: number; accept: string[] } {
  return { maxSize: Number(field.maxSize), accept: (field.accept as string[] | undefined) ?? [] };
}

/**
 * A field holding one uploaded file (file, image, signature): a `uuid` column with the id of a row
 * of the tenant's `_files` (no foreign key: files outlive a record's deletion until purge). Writes
 * take the id (or a `File` object: its id); reads answer `File { id name size mimeType url
 * thumbnailUrl }` built from `_files` in the same statement. Which ids a write may use is the save
 * pipeline's files hook's business (files/hook.ts): ones the writer uploaded for this field, or the
 * record's own. No unique index, sort, group or type change; filters by id or isNull.
 */
export function fileRefType(spec: FileRefSpec): FieldType {
  return {
    name: spec.name,
    label: spec.label,
    propertiesSchema: spec.propertiesSchema,
    resolve: (field) => ({ ...field, maxSize: field.maxSize ?? spec.defaultMaxSize, accept: field.accept ?? [...spec.defaultAccept] }),
    check: spec.check,
    columns: (field) => [{ column: field.name, sqlType: 'uuid', notNull: field.required }],
    valueSchema: (field) => nullable(field, { anyOf: [UUID, { type: 'object', required: ['id'], properties: { id: UUID } }] }),
    graphql: 'File',
    operators: EQUALITY,
    widget: spec.widget,
    capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] },
    outputSql: ([id], at) => `case when ${id} is null then null else ${fileJsonSql(at.schema, id)} end`,
    operand: (value) => (Array.isArray(value) ? value.map(fileIdOf) : fileIdOf(value) ?? value),
    toColumns: (value) => [fileIdOf(value)],
    fromColumns: (values) => values[0] ?? null,
  };
}
