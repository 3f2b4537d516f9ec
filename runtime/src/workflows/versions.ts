import { loadDocumentItems, redactSecrets, type PluginQuery } from '@tessera/platform';

/**
 * The reads a designer needs of a versioned kind (workflows, approval flows): the live items with
 * their latest version number, and every version of one item, oldest first, as it was saved (the
 * active flag is no part of a version). Who may change the kind may read them (manageMetadata).
 */
export function versionQueries(spec: { kind: string; table: string; column: string; list: string; versions: string; arg: string; noun: string; secrets?: readonly string[] }): PluginQuery[] {
  // Secrets (a workflow's webhook signing secret) read as SECRET_KEPT, as in pulls.
  const redact = (item: Record<string, unknown>) => redactSecrets(item, spec.secrets ?? []);
  return [
    {
      name: spec.list, capability: 'manageMetadata',
      description: `The tenant's ${spec.noun}s as documents carry them (by name), each with its latest version number.`,
      async run(call) {
        const items = await loadDocumentItems<Record<string, unknown>>({ query: async (text, values) => (await call.op.db.query(text, values)).rows }, call.op.principal.tenantId, spec.kind);
        const { rows } = await call.op.db.query<{ name: string; version: number }>(`select ${spec.column} as name, max(version)::int as version from ${spec.table} where tenant_id = $1 group by ${spec.column}`, [call.op.principal.tenantId]);
        const latest = new Map(rows.map((r) => [r.name, r.version]));
        return items.map((definition) => ({ name: definition.name, version: latest.get(String(definition.name)) ?? null, definition: redact(definition) }));
      },
    },
    {
      name: spec.versions, capability: 'manageMetadata',
      description: `Every saved version of one ${spec.noun}, oldest first: its number, when it was saved and its definition.`,
      args: { [spec.arg]: { type: 'String', required: true } },
      input: { type: 'object', additionalProperties: false, required: [spec.arg], properties: { [spec.arg]: { type: 'string' } } },
      async run(call) {
        const name = (call.input as Record<string, string>)[spec.arg];
        const { rows } = await call.op.db.query(`select version, created_at as "createdAt", definition from ${spec.table} where tenant_id = $1 and ${spec.column} = $2 order by version`, [call.op.principal.tenantId, name]);
        return rows;
      },
    },
  ];
}
