import { useMemo } from 'react';
import { useObjects, type ObjectMeta } from './metadata.ts';

/** `/metadata` names field types as GraphQL enum values (MULTI_SELECT); metadata documents and the studio's widgets use lower camel (multiSelect). */
export function typeName(type: string): string {
  return /^[A-Z0-9_]+$/.test(type) ? type.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()) : type;
}

export function normalizeObject(object: ObjectMeta): ObjectMeta {
  return { ...object, fields: object.fields.map((f) => ({ ...f, type: typeName(f.type) })) };
}

/** Every object, field types in lower camel. */
export function useRecordObjects() {
  const query = useObjects();
  const data = useMemo(() => query.data?.map(normalizeObject), [query.data]);
  return { data, isLoading: query.isLoading, error: query.error };
}

/** One object by API name, field types in lower camel. */
export function useRecordObject(name: string | undefined) {
  const objects = useRecordObjects();
  return { object: objects.data?.find((o) => o.name === name), objects: objects.data ?? [], isLoading: objects.isLoading, error: objects.error };
}
