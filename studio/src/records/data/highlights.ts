import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { nameField } from './labels.ts';

/** How many key fields the highlights panel shows at most. */
export const HIGHLIGHTS_MAX = 5;
/** Types too long to read at a glance. */
const WIDE = new Set(['longText', 'richText', 'json', 'multiSelect', 'geolocation', 'markdown', 'tags', 'emails', 'phones', 'links']);
/** `stage`, or a camel-case name ending in `Stage` (`dealStage`; not `backstage`). */
const isNamed = (name: string, word: string) => name === word || new RegExp(`[a-z0-9]${word[0].toUpperCase()}${word.slice(1)}$`).test(name);

/**
 * The stage-like field of an object, whose options are the steps of its path: a `select` field with
 * at least two options whose API name is `stage` or `status`, or ends in `Stage` or `Status`
 * (`dealStage`, `leadStatus`). Stage names win over status names, then the object's field order.
 * The options, in the order metadata lists them, are the path from first to last.
 */
export function stageField(object: ObjectMeta): FieldMeta | undefined {
  const candidates = object.fields.filter((f) => f.type === 'select' && (f.options?.length ?? 0) >= 2);
  return candidates.find((f) => isNamed(f.name, 'stage')) ?? candidates.find((f) => isNamed(f.name, 'status'));
}

/**
 * The record page's key fields, from metadata: the list columns the admin chose (what tells one
 * record from another at a glance), else the fields of the layout in order, else the object's
 * fields; without the name field (it is the page's title), the stage field (the path shows it) and
 * types too long for a glance; at most HIGHLIGHTS_MAX.
 */
export function highlightFields(object: ObjectMeta): FieldMeta[] {
  const byName = new Map(object.fields.map((f) => [f.name, f]));
  const ordered = object.listColumns?.length
    ? object.listColumns.map((c) => c.field)
    : object.layout?.sections?.length ? object.layout.sections.flatMap((s) => s.fields.map((f) => f.field)) : object.fields.map((f) => f.name);
  const skip = new Set([nameField(object)?.name, stageField(object)?.name]);
  return [...new Set(ordered)]
    .flatMap((name) => byName.get(name) ?? [])
    .filter((f) => !skip.has(f.name) && !WIDE.has(f.type))
    .slice(0, HIGHLIGHTS_MAX);
}
