import { fieldType, hasFieldType } from '../field-types/registry.ts';
import { quoteLiteral } from '../storage/sql/quote.ts';
import type { DuplicateCondition, DuplicateFieldMatch, DuplicateRule, ResolvedField } from './definitions.ts';
import { humanize, resolveLabel, type LabelInput } from './label.ts';
import { API_NAME_PATTERN as API_NAME } from './names.ts';

export type { DuplicateCondition, DuplicateFieldMatch, DuplicateRule };

/** A duplicate rule as documents carry it: label, action, active flag and thresholds may be left out. */
export interface DuplicateRuleItem extends Record<string, unknown> {
  name: string;
  object: string;
  label?: LabelInput;
  action?: 'BLOCK' | 'WARN';
  active?: boolean;
  match: DuplicateCondition;
}

export const DEFAULT_THRESHOLD = 0.6;
/** Field matches per rule: bounds the rule's expansion into alternatives (`alternatives`). */
export const MAX_MATCHES = 8;


/** The JSON Schema of one rule (`tessera:duplicateRule`, published at GET /metadata/schema). */
export const duplicateRuleSchema = {
  $id: 'tessera:duplicateRule',
  title: 'Duplicate rule',
  description: 'When two live records of an object are the same (field matches combined with and/or), and what a write that makes such a pair does: BLOCK refuses it; WARN refuses it unless the write says allowDuplicates: true.',
  type: 'object',
  required: ['name', 'object', 'match'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: API_NAME, description: 'API name, unique in the tenant (errors and matches name the rule by it).' },
    object: { type: 'string', pattern: API_NAME, description: 'The object whose records it compares.' },
    label: { $ref: 'tessera:label' },
    action: { enum: ['BLOCK', 'WARN'], default: 'BLOCK', description: 'BLOCK: a duplicate is refused. WARN: refused unless the write says allowDuplicates: true.' },
    active: { type: 'boolean', default: true },
    match: { $ref: '#/$defs/condition' },
  },
  $defs: {
    condition: {
      oneOf: [
        { $ref: '#/$defs/field' },
        { type: 'object', required: ['and'], additionalProperties: false, properties: { and: { type: 'array', minItems: 1, maxItems: MAX_MATCHES, items: { $ref: '#/$defs/condition' } } } },
        { type: 'object', required: ['or'], additionalProperties: false, properties: { or: { type: 'array', minItems: 1, maxItems: MAX_MATCHES, items: { $ref: '#/$defs/condition' } } } },
      ],
    },
    field: {
      type: 'object',
      required: ['field', 'match'],
      additionalProperties: false,
      properties: {
        field: { type: 'string', pattern: API_NAME },
        match: { enum: ['exact', 'normalized', 'fuzzy'], description: 'exact: equal values; normalized: equal after normalizing both; fuzzy: trigram similarity at least threshold.' },
        normalizer: { enum: ['phone', 'email', 'text'], description: 'normalized only. phone: digits only; email: trimmed, lower-case; text: trimmed, lower-case, spaces collapsed. Default by the field type.' },
        countryCode: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'normalized phone only: the calling code taken off numbers written internationally (+86 …, 0086…).' },
        threshold: { type: 'number', minimum: 0, maximum: 1, description: `fuzzy only: the least similarity (0..1, default ${DEFAULT_THRESHOLD}).` },
      },
    },
  },
} as const;

const isGroup = (c: DuplicateCondition): c is { and: DuplicateCondition[] } | { or: DuplicateCondition[] } => 'and' in c || 'or' in c;

/** The rule as stored and pulled: defaults filled in (action BLOCK, active, fuzzy threshold, label). */
export function normalizeDuplicateRule(item: DuplicateRuleItem): DuplicateRule {
  const condition = (c: DuplicateCondition): DuplicateCondition => {
    if ('and' in c) return { and: c.and.map(condition) };
    if ('or' in c) return { or: c.or.map(condition) };
    const leaf: DuplicateFieldMatch = { field: c.field, match: c.match };
    if (c.match === 'normalized' && c.normalizer) leaf.normalizer = c.normalizer;
    if (c.match === 'normalized' && c.countryCode) leaf.countryCode = c.countryCode;
    if (c.match === 'fuzzy') leaf.threshold = c.threshold ?? DEFAULT_THRESHOLD;
    return leaf;
  };
  return { name: item.name, object: item.object, label: resolveLabel(item.label, humanize(item.name)), action: item.action ?? 'BLOCK', active: item.active ?? true, match: condition(item.match) };
}

/** Every field match of a condition, with its JSON pointer relative to the condition. */
export function fieldMatches(condition: DuplicateCondition, pointer = ''): { leaf: DuplicateFieldMatch; pointer: string }[] {
  if ('and' in condition) return condition.and.flatMap((c, i) => fieldMatches(c, `${pointer}/and/${i}`));
  if ('or' in condition) return condition.or.flatMap((c, i) => fieldMatches(c, `${pointer}/or/${i}`));
  return [{ leaf: condition, pointer }];
}

/**
 * The condition as alternatives (disjunctive normal form): two records are duplicates when every
 * match of one alternative holds. Each alternative is checked (and locked) on its own; a rule has
 * at most MAX_MATCHES matches, so the expansion stays small.
 */
export function alternatives(condition: DuplicateCondition): DuplicateFieldMatch[][] {
  if (!isGroup(condition)) return [[condition]];
  if ('or' in condition) return condition.or.flatMap(alternatives);
  return condition.and.reduce<DuplicateFieldMatch[][]>((acc, c) => acc.flatMap((left) => alternatives(c).map((right) => [...left, ...right])), [[]]);
}

/** How a normalized match normalizes: as it says, else by the field's type. */
export function normalizerOf(leaf: DuplicateFieldMatch, field: ResolvedField): 'phone' | 'email' | 'text' {
  if (leaf.normalizer) return leaf.normalizer;
  return field.type === 'phone' ? 'phone' : field.type === 'email' ? 'email' : 'text';
}

/** Field types a match may use: exact on any one-column scalar; normalized and fuzzy on text columns. */
export function matchableProblem(leaf: DuplicateFieldMatch, field: ResolvedField | undefined, object: string): string | undefined {
  if (!field) return `${object} has no field "${leaf.field}"`;
  if (!hasFieldType(field.type)) return `${leaf.field} has an unknown type`;
  const type = fieldType(field.type);
  if (leaf.match === 'exact') {
    if (type.columns(field).length !== 1 || !type.capabilities.filterable || type.graphql === 'JSON' || type.graphql === 'EnumList') return `a ${field.type} field cannot be matched exactly (one-column scalar fields can)`;
    return undefined;
  }
  if (type.capabilities.searchable !== true) return `a ${field.type} field cannot be matched ${leaf.match} (text, e-mail, phone and URL fields can)`;
  if (leaf.match === 'normalized' && leaf.countryCode && normalizerOf(leaf, field) !== 'phone') return 'countryCode applies to the phone normalizer only';
  if (leaf.match !== 'normalized' && leaf.normalizer) return 'normalizer applies to normalized matches only';
  if (leaf.match !== 'fuzzy' && leaf.threshold !== undefined) return 'threshold applies to fuzzy matches only';
  return undefined;
}

/**
 * The SQL key a match compares, over a column expression (`"t"."phone"`): the value itself (exact),
 * its normalized form, or its trigram key (fuzzy: `tessera.duplicate_key`, whose base64 of GB18030
 * gives Chinese text trigrams — migration 0013-duplicate-keys). Blank values give null, which
 * matches nothing. The same text builds the expression indexes (`duplicateIndexSpec`) and the
 * queries, so the planner finds the index. Every function used is immutable; literals are
 * validated (digits).
 */
export function matchKeySql(column: string, leaf: DuplicateFieldMatch, field: ResolvedField): string {
  const textual = fieldType(field.type).capabilities.searchable === true;
  if (leaf.match === 'exact') return textual ? `nullif(${column}, '')` : column;
  if (leaf.match === 'fuzzy') return `tessera.duplicate_key(${column})`;
  switch (normalizerOf(leaf, field)) {
    case 'phone': {
      const international = leaf.countryCode ? `regexp_replace(${column}, ${quoteLiteral(`^\\s*(\\+|00)\\s*${leaf.countryCode}`)}, '')` : column;
      return `nullif(regexp_replace(${international}, '[^0-9]', '', 'g'), '')`;
    }
    case 'email': return `nullif(lower(regexp_replace(${column}, '^\\s+|\\s+$', '', 'g')), '')`;
    default: return `nullif(lower(regexp_replace(regexp_replace(${column}, '\\s+', ' ', 'g'), '^ | $', '', 'g')), '')`;
  }
}

/** What index serves a match, named from the field's id and the key (so renames keep it), or none when another index does. */
export interface DuplicateIndexSpec {
  /** Suffix of the index name after `dp_<field short id>_`. */
  suffix: string;
  /** The field the match is on. */
  field: string;
  method: 'btree' | 'gin';
  /** The indexed expression over the bare column. */
  expression: string;
}

/** The index a match wants: btree over its key for exact and normalized matches, GIN trigram over the search key for fuzzy ones. */
export function duplicateIndexSpec(leaf: DuplicateFieldMatch, field: ResolvedField, column: string): DuplicateIndexSpec {
  const expression = matchKeySql(`"${column}"`, leaf, field);
  if (leaf.match === 'fuzzy') return { suffix: 'g', field: field.name, method: 'gin', expression };
  if (leaf.match === 'exact') return { suffix: 'x', field: field.name, method: 'btree', expression };
  const normalizer = normalizerOf(leaf, field);
  return { suffix: normalizer[0] + (leaf.countryCode ?? ''), field: field.name, method: 'btree', expression };
}
