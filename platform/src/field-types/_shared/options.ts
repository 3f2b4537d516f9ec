import type { DefinitionProblem } from '../field-type.ts';
import type { ResolvedField, SelectOption } from '../../metadata/definitions.ts';
import { resolveLabel, type LabelInput } from '../../metadata/label.ts';
import { reservedOptionValue } from '../../metadata/names.ts';

/** Resolves each option's authored label (string or locale map) into a Label, defaulting to its value. */
export function resolveOptions(field: ResolvedField): ResolvedField {
  if (!Array.isArray(field.options)) return field;
  const options: SelectOption[] = field.options.map((option) => ({
    ...option,
    label: resolveLabel(option.label as LabelInput | undefined, option.value),
  }));
  return { ...field, options };
}

export function optionValues(field: ResolvedField): string[] {
  return (field.options ?? []).map((option) => option.value);
}

/** Duplicate option values, and default values (one, or each of an array) that are not options. */
export function checkOptions(field: ResolvedField): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  optionValues(field).forEach((value, i) => {
    const reserved = typeof value === 'string' ? reservedOptionValue(value) : undefined;
    if (reserved) problems.push({ pointer: `/options/${i}/value`, message: reserved });
    if (seen.has(value)) problems.push({ pointer: `/options/${i}/value`, message: `duplicates option ${JSON.stringify(value)}` });
    seen.add(value);
  });
  const notAnOption = (value: unknown) => typeof value !== 'string' || !seen.has(value);
  if (Array.isArray(field.defaultValue)) {
    field.defaultValue.forEach((value, i) => {
      if (notAnOption(value)) problems.push({ pointer: `/defaultValue/${i}`, message: 'is not one of the options' });
    });
  } else if (field.defaultValue !== undefined && field.defaultValue !== null && notAnOption(field.defaultValue)) {
    problems.push({ pointer: '/defaultValue', message: 'is not one of the options' });
  }
  return problems;
}
