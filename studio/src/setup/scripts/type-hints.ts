/** What the editor's completions know from the generated declarations: each object's fields. */
export interface TypeHints {
  objects: { name: string; typeName: string; fields: { name: string; type: string }[] }[];
}

/** Reads the `TesseraObjects` map and the object interfaces out of the generated .d.ts text. */
export function parseTypeHints(dts: string): TypeHints {
  const map = /interface TesseraObjects \{([^}]*)\}/.exec(dts)?.[1] ?? '';
  const objects = [...map.matchAll(/"([^"]+)":\s*([A-Za-z_][\w]*);/g)].map(([, name, typeName]) => {
    const body = new RegExp(`interface ${typeName} \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ?? '';
    const fields = [...body.matchAll(/^\s+"?([A-Za-z_][\w]*)"?:\s*([^;]+);/gm)].map(([, field, type]) => ({ name: field, type: type.trim() }));
    return { name, typeName, fields };
  });
  return { objects };
}

export const CTX_MEMBERS = [
  { label: 'records', detail: 'the batch (new values)' }, { label: 'old', detail: 'old values (updates, deletes)' },
  { label: 'user', detail: '{ id, name }' }, { label: 'now', detail: '() => Date' }, { label: 'db', detail: 'get/find/create/update/delete/aggregate' },
  { label: 'addError', detail: '(index, field, message)' }, { label: 'log', detail: '(...args)' }, { label: 'object', detail: 'object name' },
  { label: 'event', detail: 'trigger event' }, { label: 'record', detail: 'the record (actions)' },
];
export const DB_MEMBERS = ['get', 'find', 'create', 'update', 'delete', 'aggregate'];
export const TRIGGER_EVENTS = ['beforeCreate', 'beforeUpdate', 'beforeDelete', 'afterCreate', 'afterUpdate', 'afterDelete'];
