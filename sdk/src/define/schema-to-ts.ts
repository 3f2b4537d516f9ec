/**
 * TypeScript types from the JSON Schemas the platform publishes (GET /metadata/schema): what
 * `defineObject`, `defineWorkflow`… check a package authored as code against, so a wrong kind of value
 * fails `tsc` where ajv would refuse it at build. Covers the subset the schemas use: types, enums,
 * consts, properties (required, closed or not), arrays, `$ref` (to another published schema or a
 * local `$defs`), oneOf/anyOf (unions); `if/then` and `not` are left to ajv. `tessera:field` becomes a
 * union tagged by `type`, each field type's own properties added (its `allOf` of `if type = … then`).
 */
type Schema = Record<string, any>;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map(upperFirst).join('');

/** The type name of a published schema: tessera:validationRule → ValidationRule, tessera:field-type/select → SelectFieldProperties. */
export function typeNameOf(id: string): string {
  const name = id.replace(/^tessera:/, '');
  if (name.startsWith('field-type/')) return `${upperFirst(name.slice('field-type/'.length))}FieldProperties`;
  if (name === 'field') return 'FieldDefinition';
  if (name === 'object') return 'ObjectDefinition';
  if (name === 'document') return 'MetadataDocumentDefinition';
  if (name === 'package') return 'PackageManifestDefinition';
  return pascal(name);
}

const literal = (value: unknown) => JSON.stringify(value);
const comment = (text: unknown, indent: string) => (typeof text === 'string' && text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n` : '');

class Emitter {
  private readonly owner: string;
  constructor(owner: string) {
    this.owner = owner;
  }

  type(schema: unknown, indent = ''): string {
    if (schema === true || schema === undefined || schema === null) return 'unknown';
    if (schema === false) return 'never';
    const s = schema as Schema;
    if (typeof s.$ref === 'string') {
      if (s.$ref.startsWith('#/$defs/')) return `${this.owner}${upperFirst(s.$ref.slice('#/$defs/'.length))}`;
      return typeNameOf(s.$ref);
    }
    if ('const' in s) return literal(s.const);
    if (Array.isArray(s.enum)) return s.enum.map(literal).join(' | ') || 'never';
    const union = s.oneOf ?? s.anyOf;
    if (Array.isArray(union)) {
      const base = s.type || s.properties ? this.plain({ ...s, oneOf: undefined, anyOf: undefined }, indent) : undefined;
      const parts = union.map((u: unknown) => this.type(u, indent));
      const joined = parts.length > 1 ? parts.map((p: string) => (p.includes('\n') || p.includes(' | ') ? `(${p})` : p)).join(' | ') : parts[0];
      return base && base !== 'unknown' ? `${base} & (${joined})` : joined;
    }
    return this.plain(s, indent);
  }

  private plain(s: Schema, indent: string): string {
    const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : s.items ? ['array'] : [];
    if (!types.length) return 'unknown';
    return types.map((t) => this.ofType(t, s, indent)).join(' | ');
  }

  private ofType(type: string, s: Schema, indent: string): string {
    switch (type) {
      case 'string': return 'string';
      case 'integer':
      case 'number': return 'number';
      case 'boolean': return 'boolean';
      case 'null': return 'null';
      case 'array': {
        const item = this.type(s.items, indent);
        return /[|&\n]/.test(item) ? `Array<${item}>` : `${item}[]`;
      }
      case 'object': return this.object(s, indent);
      default: return 'unknown';
    }
  }

  private object(s: Schema, indent: string): string {
    const properties = Object.entries((s.properties ?? {}) as Record<string, Schema>);
    const additional = s.additionalProperties;
    if (!properties.length) {
      if (additional === false) return 'Record<string, never>';
      return `Record<string, ${additional && additional !== true ? this.type(additional, indent) : 'unknown'}>`;
    }
    const required = new Set<string>(s.required ?? []);
    const inner = `${indent}  `;
    const lines = properties.map(([key, value]) => `${comment(value?.description, inner)}${inner}${IDENT.test(key) ? key : literal(key)}${required.has(key) ? '' : '?'}: ${this.type(value, inner)};`);
    if (additional && additional !== true && typeof additional === 'object') lines.push(`${inner}[key: string]: ${this.type(additional, inner)} | undefined;`);
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
}

/** Declarations for every published schema, in the order given; `fieldTypes` lists the field type names. */
export function schemasToTypeScript(schemas: Schema[]): string {
  const out: string[] = [];
  const byId = new Map(schemas.map((s) => [String(s.$id), s]));
  for (const schema of schemas) {
    const id = String(schema.$id);
    const name = typeNameOf(id);
    const defs = (schema.$defs ?? {}) as Record<string, Schema>;
    const emitter = new Emitter(name);
    for (const [def, value] of Object.entries(defs)) out.push(`${comment(value.description, '')}export type ${name}${upperFirst(def)} = ${emitter.type(value)};\n`);
    if (id === 'tessera:field') {
      const types: string[] = schema.properties.type.enum;
      const common = { ...schema, properties: { ...schema.properties }, allOf: undefined };
      delete common.properties.type;
      out.push(`/** The properties every field has, whatever its type. */\nexport type FieldCommon = ${emitter.type(common)};\n`);
      out.push(`/** The field type names (the \`type\` of a field). */\nexport type FieldTypeName = ${types.map(literal).join(' | ')};\n`);
      out.push(`/** Each field type's own properties, by type name. */\nexport interface FieldTypeProperties {\n${types.map((t) => `  ${IDENT.test(t) ? t : literal(t)}: ${byId.has(`tessera:field-type/${t}`) ? typeNameOf(`tessera:field-type/${t}`) : 'Record<string, never>'};`).join('\n')}\n}\n`);
      out.push(`${comment(schema.description, '')}export type FieldDefinition = { [T in FieldTypeName]: FieldCommon & { type: T } & FieldTypeProperties[T] }[FieldTypeName];\n`);
      continue;
    }
    out.push(`${comment(schema.description ?? schema.title, '')}export type ${name} = ${emitter.type(schema)};\n`);
  }
  return `// Generated from the JSON Schemas GET /metadata/schema publishes (sdk/src/define/schema-to-ts.ts):\n// do not edit. sdk/test/define.test.ts checks it is current; UPDATE_GOLDEN=1 rewrites it.\n/* eslint-disable */\n\n${out.join('\n')}`;
}
