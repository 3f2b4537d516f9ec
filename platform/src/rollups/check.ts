import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { SchemaModel } from '../model/model.ts';
import { resolveRollup } from './spec.ts';

/**
 * Every roll-up of the catalog as a change leaves it must be one the platform can keep: its
 * relation a lookup or master-detail field of an object pointing to the roll-up's object, its field
 * a stored number of the child, its filter a boolean expression over the child's own fields without
 * TODAY/NOW. Refused VALIDATION_FAILED otherwise, one detail per roll-up at the property's pointer
 * (by the field's position in its object), so that a change deleting or renaming what a roll-up
 * reads is refused as for formulas.
 */
export function checkRollups(model: SchemaModel): void {
  const details: ErrorDetail[] = [];
  for (const object of model.objects.values()) {
    object.catalog.definition.fields.forEach((field, i) => {
      if (field.type !== 'rollup') return;
      for (const p of resolveRollup(model, object.name, field).problems) {
        details.push({
          pointer: `/objects/${object.name}/fields/${i}${p.pointer}`, object: object.name, field: field.name,
          message: `${object.name}.${field.name}: ${p.message}`,
          ...(p.expression ? { expression: { code: p.expression.code, offset: p.expression.offset, length: p.expression.length, line: p.expression.line, column: p.expression.column } } : {}),
        });
      }
    });
  }
  if (details.length) throw new PlatformError('VALIDATION_FAILED', details[0].message, { details });
}
