import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { approvalNodeId, stepNodeId } from './graph.ts';
import type { ProcessKind } from './model.ts';

// ajv and ajv-formats ship CommonJS: the default export may be the module object.
const Ajv = ((AjvModule as any).default ?? AjvModule) as typeof AjvModule;
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: InstanceType<typeof Ajv>) => void;

/** One problem of a document: a JSON pointer into it and why (the shape the server's details have). */
export interface Problem { pointer: string; message: string }

/** Where a problem belongs in the designer: a graph node (or `settings`: the header) and the path inside it. */
export interface PlacedProblem extends Problem { node: string; path: string }

/**
 * Compiles the kind's schema from the published set (`GET /metadata/schema`: every kind's item
 * schema and what they `$ref`, such as `tessera:label`), so the designer checks exactly what
 * applyMetadata checks first.
 */
export function compileKindSchema(schemas: Record<string, unknown>[], kind: ProcessKind): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  for (const s of schemas) if (typeof s.$id === 'string' && s.$id !== 'tessera:document') ajv.addSchema(s);
  const validate = ajv.getSchema(kind.schemaId);
  if (!validate) throw new Error(`The server publishes no schema ${kind.schemaId}`);
  return validate;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');
const at = (doc: unknown, segments: string[]) => segments.reduce<any>((v, s) => (v == null ? undefined : v[unescape(s)]), doc);

/**
 * The instance path a `oneOf` branch applies to, and the branch's `type` const: walking the schema
 * path, `properties/<k>`, `patternProperties/<p>`, `additionalProperties` and `items` each step one
 * level into the instance; combinators and `$ref`s do not.
 */
function oneOfBranch(error: ErrorObject, schema: any): { instance: string[]; type: unknown } | undefined {
  const parts = error.schemaPath.replace(/^#\//, '').split('/');
  const instance = error.instancePath.split('/').slice(1);
  let depth = 0;
  let node = schema;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === 'oneOf') {
      const branch = node?.oneOf?.[Number(parts[i + 1])];
      return branch ? { instance: instance.slice(0, depth), type: branch.properties?.type?.const } : undefined;
    }
    if (p === 'properties' || p === 'patternProperties') { node = node?.[p]?.[unescape(parts[++i])]; depth++; continue; }
    if (p === 'items' || p === 'additionalProperties') { node = node?.[p]; depth++; continue; }
    node = node?.[p];
  }
  return undefined;
}

/**
 * ajv's errors as problems a person can act on. A `oneOf` of typed shapes (steps, triggers,
 * approvers) fails every branch but one for the wrong type: only the errors of the branch whose
 * `type` is the instance's count, and the bare "must match exactly one schema" goes when a branch
 * matched the type (it stays when the type itself is unknown).
 */
export function schemaProblems(validate: ValidateFunction, doc: unknown): Problem[] {
  if (validate(doc)) return [];
  const schema = validate.schema;
  const errors = (validate.errors ?? []).filter((e) => {
    const branch = oneOfBranch(e, schema);
    if (e.keyword === 'oneOf') {
      const value = at(doc, e.instancePath.split('/').slice(1));
      const branches: any[] = (at(schema, e.schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) ?? {}).oneOf ?? [];
      return !branches.some((b) => b.properties?.type?.const !== undefined && b.properties.type.const === value?.type);
    }
    if (!branch || branch.type === undefined) return true;
    return at(doc, branch.instance)?.type === branch.type;
  });
  const seen = new Set<string>();
  return errors.flatMap((e) => {
    const pointer = e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`
      : e.keyword === 'additionalProperties' ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}` : e.instancePath;
    const message = e.keyword === 'required' ? 'required' : e.keyword === 'additionalProperties' ? 'not a property here' : e.message ?? e.keyword;
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ pointer, message }];
  });
}

/** Places a problem on the graph: `/steps/3/…` on step 3, `/trigger/…` on the trigger, `/nodes/1/…` on node 1, flow-wide settings of an approval flow on its entry node, the rest in the header. */
export function placeProblem(kind: ProcessKind, problem: Problem): PlacedProblem {
  const [first, second, ...rest] = problem.pointer.split('/').slice(1);
  if (kind.items === 'steps') {
    if (first === 'trigger') return { ...problem, node: 'trigger', path: ['', second, ...rest].filter((s, i) => i === 0 || s !== undefined).join('/') };
    if (first === 'steps' && second !== undefined) return { ...problem, node: stepNodeId(Number(second)), path: rest.length ? `/${rest.join('/')}` : '' };
    if (first === 'calendar' || first === 'runAs' || first === 'secret' || first === 'description' || first === 'label') return { ...problem, node: 'trigger', path: `/${first}` };
  } else {
    if (first === 'nodes' && second !== undefined) return { ...problem, node: approvalNodeId(Number(second)), path: rest.length ? `/${rest.join('/')}` : '' };
    if (['label', 'entryCriteria', 'order', 'calendar', 'cc', 'onSubmit', 'onApproved', 'onRejected', 'description'].includes(first)) return { ...problem, node: 'entry', path: `/${[first, second, ...rest].filter((s) => s !== undefined).join('/')}` };
  }
  return { ...problem, node: 'settings', path: problem.pointer };
}

/** Problems by node. */
export function problemsByNode(kind: ProcessKind, problems: readonly Problem[]): Map<string, PlacedProblem[]> {
  const out = new Map<string, PlacedProblem[]>();
  for (const p of problems) {
    const placed = placeProblem(kind, p);
    out.set(placed.node, [...(out.get(placed.node) ?? []), placed]);
  }
  return out;
}

/** A server refusal's pointers (`/workflows/0/steps/2/next` in an applyMetadata document) made relative to the item. */
export function serverProblems(kind: ProcessKind, details: readonly { pointer: string; message: string }[]): Problem[] {
  const prefix = `/${kind.name}/0`;
  return details.map((d) => ({ pointer: d.pointer.startsWith(prefix) ? d.pointer.slice(prefix.length) : d.pointer, message: d.message }));
}
