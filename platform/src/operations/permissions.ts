import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { recordAccess } from '../security/record-access.ts';
import type { SaveHook } from './pipeline.ts';

const NEEDS = { create: 'create', update: 'update', delete: 'delete', restore: 'delete' } as const;

/**
 * The save pipeline's permission step, run before any write: the object right for the verb, the
 * field rights of every field written, and — for records that exist — row-level write access
 * (records the caller cannot see are NOT_FOUND; ones they can see but not change, FORBIDDEN).
 * A master-detail child can be created only under a parent the caller may change.
 */
export function permissionsHook(): SaveHook {
  return {
    name: 'access',
    step: 'permissions',
    async run(ctx, batch) {
      const security = ctx.security;
      if (!security || security.bypass) return;
      const object = batch.object.name;
      const verb = NEEDS[batch.kind];
      if (!security.object(object)[verb]) throw new PlatformError('FORBIDDEN', `You may not ${verb} ${object} records`, { extensions: { object, permission: verb } });
      if (batch.kind === 'create' || batch.kind === 'update') {
        const details: ErrorDetail[] = [];
        batch.records.forEach((record, i) => {
          for (const key of Object.keys(record)) {
            // A default the platform filled in is not the caller setting the field.
            if (key === 'id' || key === 'owner' || batch.defaulted?.[i]?.has(key)) continue;
            if (!security.field(object, key).update) details.push({ pointer: batch.records.length > 1 ? `/data/${i}/${key}` : `/data/${key}`, message: 'you may not set this field', field: key });
          }
        });
        if (details.length) throw new PlatformError('FORBIDDEN', `You may not set ${details.map((d) => d.field).join(', ')} on ${object}`, { details });
      }
      if (batch.kind === 'create' || batch.kind === 'update') {
        // A child created under, or moved to, a parent takes the parent's access: the caller must be able to change the parent.
        for (const field of batch.object.catalog.definition.fields.filter((f) => f.type === 'masterDetail')) {
          const parents = [...new Set(batch.records.map((r) => r[field.name]).filter((v): v is string => typeof v === 'string'))];
          if (!parents.length) continue;
          const access = await recordAccess(ctx.db, ctx.model, security, field.target!, parents);
          const denied = parents.filter((p) => !access.get(p)?.writable);
          if (denied.length) throw new PlatformError('FORBIDDEN', `You may not add ${object} records under ${field.target} ${denied[0]}`, { details: [{ pointer: `/data/${field.name}`, message: 'no write access to the parent' }] });
        }
        if (batch.kind === 'create') return;
      }
      const access = await recordAccess(ctx.db, ctx.model, security, object, batch.ids);
      // Soft-deleted records can only be restored: to update or delete they are not found (not FORBIDDEN, which would tell they exist).
      const hidden = batch.ids.filter((id) => !access.get(id)?.readable || (batch.kind !== 'restore' && !access.get(id)!.live));
      if (hidden.length) throw new PlatformError('NOT_FOUND', `No ${object} with id ${hidden[0]}`, { details: [{ pointer: '/id', message: 'not found' }] });
      const locked = batch.ids.filter((id) => !access.get(id)?.writable);
      if (locked.length) throw new PlatformError('FORBIDDEN', `You may not change ${object} ${locked[0]}`, { details: [{ pointer: '/id', message: 'read-only for you' }] });
    },
  };
}
