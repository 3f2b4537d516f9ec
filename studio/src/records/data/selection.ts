import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { nameField } from './labels.ts';
import { COMPOSITE_PARTS } from '../../ui/composite-kinds.ts';

/** The GraphQL selection of one field's value, as the studio reads it (lookups with their target's name). */
export function fieldSelection(field: FieldMeta, objects: ObjectMeta[]): string {
  switch (field.type) {
    case 'currency': return `${field.name} { amount currency }`;
    case 'geolocation': return `${field.name} { lat lng }`;
    case 'user': return `${field.name} { id name }`;
    // Whole and in order: the compiled path answers a File only so.
    case 'file': case 'image': case 'signature': return `${field.name} { id name size mimeType url thumbnailUrl }`;
    case 'address': case 'fullName': case 'dateRange': case 'locationAddress':
      return `${field.name} { ${COMPOSITE_PARTS[field.type].map((p) => p.name).join(' ')} }`;
    case 'lookup':
    case 'masterDetail':
    case 'tree': {
      const target = objects.find((o) => o.name === field.target);
      const name = target ? nameField(target) : undefined;
      return `${field.name} { id${name ? ` ${name.name}` : ''} }`;
    }
    // A many-to-many: the first 100 linked records, by id and name (the record page lists them).
    case 'manyToMany': {
      const target = objects.find((o) => o.name === field.target);
      const name = target ? nameField(target) : undefined;
      return `${field.name}(first: 100) { totalCount nodes { id${name ? ` ${name.name}` : ''} } }`;
    }
    default: return field.name;
  }
}

/** Every field of an object (or the named ones), with id, timestamps and owner. */
export function recordSelection(object: ObjectMeta, objects: ObjectMeta[], only?: string[]): string {
  const fields = only ? object.fields.filter((f) => only.includes(f.name)) : object.fields;
  return ['id', 'updatedAt', 'owner { id name }', ...fields.map((f) => fieldSelection(f, objects))].join(' ');
}
