import { plugin as typescriptPlugin } from '@graphql-codegen/typescript';
import {
  getNamedType, isEnumType, isLeafType, isListType, isNonNullType, isObjectType, isScalarType,
  type GraphQLArgument, type GraphQLField, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema, type GraphQLType,
} from 'graphql';
import { ERROR_CODES } from '@tessera/platform/errors';
import { CLIENT_RUNTIME } from './runtime.ts';

/**
 * `tessera codegen`'s output for one tenant: `schema.ts` (graphql-codegen's `typescript` plugin over
 * the tenant's introspected `/graphql` schema), `errors.ts` (the platform's closed set of codes),
 * `client.ts` (a typed client whose documents are built here, from the schema's own root fields) and
 * `index.ts`. Pure: the command fetches, this writes text.
 */

export interface CodegenSource {
  /** Where it came from, for the files' header. */
  url: string;
  tenant: string;
  metadataVersion: number;
  /** The tenant's objects with their commands' mutations (as `/metadata` names them). */
  objects: { name: string; commands: { name: string; mutation: string }[] }[];
}

/** The custom scalars of the data API, as JSON carries them; any other (a plugin's) is `unknown`, never `any`. */
const SCALARS = { DateTime: 'string', Date: 'string', JSON: 'unknown' };

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const requiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);
const isNode = (type: GraphQLNamedType) => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node');

/** The TypeScript of a GraphQL type reference, nullability and lists included; `named` spells the named type. */
function tsOf(type: GraphQLType, named: (t: GraphQLNamedType) => string, maybe: 'Maybe' | 'InputMaybe'): string {
  const bare = (t: GraphQLType): string => (isListType(t) ? `Array<${tsOf(t.ofType, named, maybe)}>` : named(t as GraphQLNamedType));
  return isNonNullType(type) ? bare(type.ofType) : `S.${maybe}<${bare(type)}>`;
}
const leafOut = (t: GraphQLNamedType) => (isEnumType(t) ? `S.${t.name}` : `S.Scalars['${t.name}']['output']`);
const inputNamed = (t: GraphQLNamedType) => (isScalarType(t) ? `S.Scalars['${t.name}']['input']` : `S.${t.name}`);

interface Selection { gql: string; ts: string }

/** The leaf fields of a type (no required arguments), selected and typed. */
function leaves(type: GraphQLObjectType): Selection | undefined {
  const fields = Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && !requiredArgs(f));
  if (!fields.length) return undefined;
  return { gql: `{ ${fields.map((f) => f.name).join(' ')} }`, ts: `{ ${fields.map((f) => `${f.name}: ${tsOf(f.type, leafOut, 'Maybe')}`).join('; ')} }` };
}

/**
 * What a method reads of a record: every value field; a lookup as `{ id }` (read the record itself
 * with its object's `get`); a value object such as Money with its leaves. Child lists (connections)
 * are left to the child object's `list` with a filter on the lookup.
 */
function recordSelection(type: GraphQLObjectType): Selection {
  const gql: string[] = [];
  const ts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (requiredArgs(field)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      gql.push(field.name);
      ts.push(`${field.name}: ${tsOf(field.type, leafOut, 'Maybe')}`);
    } else if (isNode(named)) {
      gql.push(`${field.name} { id }`);
      ts.push(`${field.name}: ${tsOf(field.type, () => `{ id: S.Scalars['ID']['output'] }`, 'Maybe')}`);
    } else if (isObjectType(named) && !named.name.endsWith('Connection')) {
      const sub = leaves(named);
      if (!sub) continue;
      gql.push(`${field.name} ${sub.gql}`);
      ts.push(`${field.name}: ${tsOf(field.type, () => sub.ts, 'Maybe')}`);
    }
  }
  return { gql: `{ ${gql.join(' ')} }`, ts: `{\n${ts.map((line) => `  ${line};`).join('\n')}\n}` };
}

/** Where a document reads an object's record selection: its constant in the generated code. */
const SELECTION = (T: string) => `\u0000${T}Fields\u0000`;

/** A document as a TypeScript expression: a string literal, joined with the selection's constant where it is used. */
function documentText(doc: string): string {
  return JSON.stringify(doc).replace(/\\u0000(\w+)\\u0000/g, '" + $1 + "');
}

/**
 * One generated method: its GraphQL document (every argument a variable) and its TypeScript. `params`
 * are positional (\`update(id, data)\`); the field's other arguments go in a last \`options\` object
 * (\`allowDuplicates\`, \`expectedUpdatedAt\`), optional unless one of them is required.
 */
function method(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, params: string[], selection: string, result: string, options: { optionalLast?: boolean } = {}): { signature: string; body: string } {
  const positional = params.map((name) => field.args.find((a) => a.name === name)!);
  const rest = field.args.filter((a) => !params.includes(a.name));
  const all = [...positional, ...rest];
  const vars = all.length ? `(${all.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const call = all.length ? `(${all.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const doc = `${kind}${vars} { result: ${field.name}${call}${selection ? ` ${selection}` : ''} }`;
  const optional = (a: GraphQLArgument) => !isNonNullType(a.type) || a.defaultValue !== undefined;
  const declared = positional.map((a, i) => `${a.name}${i === positional.length - 1 && !rest.length && options.optionalLast && optional(a) ? '?' : ''}: ${tsOf(a.type, inputNamed, 'InputMaybe')}`);
  if (rest.length) declared.push(`options${rest.every(optional) ? '?' : ''}: { ${rest.map((a) => `${a.name}${optional(a) ? '?' : ''}: ${tsOf(a.type, inputNamed, 'InputMaybe')}`).join('; ')} }`);
  const variables = `{ ${rest.length ? '...options, ' : ''}${positional.map((a) => a.name).join(', ')} }`;
  return {
    signature: `(${declared.join(', ')}) => Promise<${result}>`,
    body: `(${declared.join(', ')}) => request<{ result: ${result} }>(${documentText(doc)}, ${variables}).then((r) => r.result)`,
  };
}

/**
 * The object's root fields as the data API names them (api-names.ts: \`<object>\`, \`create<Object>\`,
 * \`update<Object>\`, \`delete<Object>\`; the list and createMany by the plural), found in the schema by
 * what they take and return, never assumed present: a user who may not create has no create.
 */
function rootFields(schema: GraphQLSchema, object: string, type: GraphQLObjectType) {
  const query = schema.getQueryType()?.getFields() ?? {};
  const mutation = schema.getMutationType()?.getFields() ?? {};
  const Name = upperFirst(object);
  const returns = (f: GraphQLField<unknown, unknown> | undefined) => (f && getNamedType(f.type) === type ? f : undefined);
  const argType = (f: GraphQLField<unknown, unknown> | undefined, name: string) => f?.args.find((a) => a.name === name)?.type;
  const create = returns(mutation[`create${Name}`]);
  const createInput = argType(create, 'data');
  return {
    get: returns(query[object]),
    // The connection whose nodes are this object's records.
    list: Object.values(query).find((f) => {
      const connection = getNamedType(f.type);
      return isObjectType(connection) && connection.name.endsWith('Connection') && connection.getFields().nodes && getNamedType(connection.getFields().nodes.type) === type;
    }),
    create,
    // createMany takes a list of the create's input and returns the records.
    createMany: createInput ? Object.values(mutation).find((f) => returns(f) && isListType(isNonNullType(f.type) ? f.type.ofType : f.type) && String(argType(f, 'data')) === `[${String(createInput)}]!`) : undefined,
    update: returns(mutation[`update${Name}`]),
    delete: returns(mutation[`delete${Name}`]),
  };
}

const HEADER = (source: CodegenSource, what: string) => `// Generated by \`tessera codegen\` from ${source.url} (tenant ${source.tenant}, metadata version ${source.metadataVersion}): do not edit.
// ${what}
`;

function clientFile(schema: GraphQLSchema, source: CodegenSource, generated: string[]): string {
  const types: string[] = [];
  const members: string[] = [];
  const values: string[] = [];
  const commandValues: string[] = [];
  const topLevel: string[] = [];
  const mutations = schema.getMutationType()?.getFields() ?? {};
  const objectNames = new Set(source.objects.map((o) => o.name));
  for (const object of source.objects) {
    // The object's type is what its get (\`<object>(id)\`) returns; an object without one gets no accessor.
    const getField = schema.getQueryType()?.getFields()[object.name];
    const type = getField ? getNamedType(getField.type) : undefined;
    if (!type || !isObjectType(type) || !isNode(type)) continue;
    const T = type.name;
    generated.push(object.name);
    const record = `${T}Record`;
    const spell = (t: GraphQLNamedType) => (t.name === T ? record : leafOut(t));
    const selection = recordSelection(type);
    types.push(`/** A ${object.name} as the client's methods read it (lookups as their id). */\nexport type ${record} = ${selection.ts};`);
    types.push(`/** What the methods read of a ${object.name} (the selection of ${record}). */\nconst ${T}Fields = ${JSON.stringify(selection.gql)};`);
    const roots = rootFields(schema, object.name, type);
    const api: string[] = [];
    const impl: string[] = [];
    const add = (name: string, m: { signature: string; body: string }, doc: string) => {
      api.push(`  /** ${doc} */\n  ${name}: ${m.signature};`);
      impl.push(`      ${name}: ${m.body},`);
    };
    if (roots.list) {
      const listArgs = roots.list.args.map((a) => `  ${a.name}${isNonNullType(a.type) ? '' : '?'}: ${tsOf(a.type, inputNamed, 'InputMaybe')};`);
      types.push(`/** The arguments of ${roots.list.name}: a filter, an order, a page. */\nexport type ${T}ListArgs = {\n${listArgs.join('\n')}\n};`);
      const connection = getNamedType(roots.list.type) as GraphQLObjectType;
      const fields = connection.getFields();
      const page: Selection[] = [];
      if (fields.nodes) page.push({ gql: `nodes ${SELECTION(T)}`, ts: `nodes: ${tsOf(fields.nodes.type, spell, 'Maybe')}` });
      const info = fields.pageInfo && isObjectType(getNamedType(fields.pageInfo.type)) ? leaves(getNamedType(fields.pageInfo.type) as GraphQLObjectType) : undefined;
      if (info) page.push({ gql: `pageInfo ${info.gql}`, ts: `pageInfo: ${tsOf(fields.pageInfo.type, () => info.ts, 'Maybe')}` });
      types.push(`/** One page of ${roots.list.name}. */\nexport type ${T}Page = { ${page.map((p) => p.ts).join('; ')} };`);
      const doc = `query(${roots.list.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')}) { result: ${roots.list.name}(${roots.list.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) { ${page.map((p) => p.gql).join(' ')} } }`;
      api.push(`  /** ${roots.list.name}: one page of the records the user may read (filter, orderBy, first/after). */\n  list: (args?: ${T}ListArgs) => Promise<${T}Page>;`);
      impl.push(`      list: (args: ${T}ListArgs = {}) => request<{ result: ${T}Page }>(${documentText(doc)}, { ...args }).then((r) => r.result),`);
    }
    if (roots.get) add('get', method('query', roots.get, ['id'], SELECTION(T), tsOf(roots.get.type, spell, 'Maybe')), `${roots.get.name}(id): the record, or null when there is none the user may read.`);
    if (roots.create) add('create', method('mutation', roots.create, ['data'], SELECTION(T), tsOf(roots.create.type, spell, 'Maybe')), `${roots.create.name}: creates one record.`);
    if (roots.createMany) add('createMany', method('mutation', roots.createMany, ['data'], SELECTION(T), tsOf(roots.createMany.type, spell, 'Maybe')), `${roots.createMany.name}: creates all of them or none.`);
    if (roots.update) add('update', method('mutation', roots.update, ['id', 'data'], SELECTION(T), tsOf(roots.update.type, spell, 'Maybe')), `${roots.update.name}: changes the given fields.`);
    if (roots.delete) add('delete', method('mutation', roots.delete, ['id'], SELECTION(T), tsOf(roots.delete.type, spell, 'Maybe')), `${roots.delete.name}: soft delete (restorable until purged).`);
    for (const command of object.commands) {
      const field = mutations[command.mutation];
      if (!field || !field.args.some((a) => a.name === 'id')) continue;
      const params = ['id', ...(field.args.some((a) => a.name === 'input') ? ['input'] : [])];
      const m = method('mutation', field, params, '', tsOf(field.type, leafOut, 'Maybe'), { optionalLast: true });
      add(command.name, m, `The ${command.name} command (${command.mutation}).`);
      if (!objectNames.has(command.mutation) && command.mutation !== 'graphql') {
        topLevel.push(`  /** ${command.mutation}: the ${command.name} command on a ${object.name}. */\n  ${command.mutation}: ${m.signature};`);
        commandValues.push(`    ${command.mutation}: ${m.body},`);
      }
    }
    types.push(`/** The ${object.name} records, through /graphql. */\nexport interface ${T}Api {\n${api.join('\n')}\n}`);
    members.push(`  ${JSON.stringify(object.name)}: ${T}Api;`);
    values.push(`    ${JSON.stringify(object.name)}: {\n${impl.join('\n')}\n    },`);
  }
  const graphqlMember = objectNames.has('graphql') ? '' : `  /** Any other operation on /graphql, typed by the caller. */\n  graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;\n`;
  const graphqlValue = objectNames.has('graphql') ? '' : `    graphql: <T>(query: string, variables: Record<string, unknown> = {}) => request<T>(query, variables),\n`;
  return `${HEADER(source, 'A typed client of the tenant\'s data API (/graphql); every refusal is a TesseraError.')}import type * as S from './schema.ts';
${CLIENT_RUNTIME}
${types.join('\n\n')}

/** The tenant's objects (by API name) and their commands. */
export interface Client {
${members.join('\n')}
${topLevel.join('\n')}${topLevel.length ? '\n' : ''}${graphqlMember}}

/** A client of one server and API key: \`createClient({ url, apiKey })\`. */
export function createClient(options: ClientOptions): Client {
  const request = transport(options);
  return {
${[...values, ...commandValues].join('\n')}
${graphqlValue}  };
}
`;
}

function errorsFile(source: CodegenSource): string {
  const codes = Object.keys(ERROR_CODES);
  return `${HEADER(source, 'The platform\'s error codes: every refusal carries one of them.')}
export type ErrorCode =
${codes.map((c) => `  | ${JSON.stringify(c)}`).join('\n')};

export const ERROR_CODES: readonly ErrorCode[] = [${codes.map((c) => JSON.stringify(c)).join(', ')}];
`;
}

/** The four files, by name, and the objects the client has accessors for. */
export async function generateSdk(schema: GraphQLSchema, source: CodegenSource): Promise<{ files: Record<string, string>; objects: string[] }> {
  const out = await typescriptPlugin(schema, [], {
    enumsAsTypes: true,
    namingConvention: 'keep',
    scalars: SCALARS,
    defaultScalarType: 'unknown',
  }, { outputFile: 'schema.ts' });
  const text = typeof out === 'string' ? out : [...(out.prepend ?? []), out.content, ...(out.append ?? [])].join('\n');
  const objects: string[] = [];
  const files = {
    'schema.ts': `${HEADER(source, 'Types of every object, its create/update inputs, filters, orders and option enums (graphql-codegen, typescript plugin).')}${text}`,
    'errors.ts': errorsFile(source),
    'client.ts': clientFile(schema, source, objects),
    'index.ts': `${HEADER(source, 'The client, its errors, and the schema\'s types as the namespace Schema.')}export * from './client.ts';
export * from './errors.ts';
import type * as Schema from './schema.ts';
export type { Schema };
`,
  };
  return { files, objects };
}
