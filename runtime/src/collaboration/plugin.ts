import { definePlugin, PlatformError, uuidv7, type ChangeEvent, type Plugin, type PluginServices, type QueryCall, type Subscriber } from '@tessera/platform';
import { followersTable, migrations, notesTable } from './tables.ts';
import { collaborationSources } from './sources.ts';
import { timeline, MAX_FIRST } from './timeline.ts';
import { notificationsTable } from '../workflows/tables.ts';
import { APPROVAL_OUTCOME } from '../workflows/approval-trigger.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The record, which the caller must be able to read (else NOT_FOUND, pointers at the argument). */
async function readable(call: QueryCall, object: string, id: string): Promise<void> {
  if (!call.op.model.objects.has(object)) throw new PlatformError('NOT_FOUND', `No object ${object}`, { details: [{ pointer: '/object', message: 'no such object' }] });
  if (!UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
  const rights = call.op.security;
  if ((rights && !rights.bypass && !rights.object(object).read) || !(await call.api.get(object, id))) throw new PlatformError('NOT_FOUND', `No ${object} ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });
}

/**
 * Followers get an in-app notification of each change of a record they follow (not their own),
 * when the workflows plugin (whose notifications inbox it is) is installed. Delivered from the
 * change events, after the write's commit and exactly once (the inserts commit with the
 * subscriber's cursor): the writes themselves pay nothing for it, whether anybody follows or not.
 * Only followers who followed before the change (delivery is after commit: a follow made meanwhile is
 * not told of earlier changes). One statement per batch of events.
 */
function followersSubscriber(held: { services?: PluginServices }): Subscriber {
  return {
    name: 'notify-followers',
    kinds: ['update', 'delete'],
    async handle(events: ChangeEvent[], tx) {
      const services = held.services;
      const relevant = events.filter((e) => e.kind === 'delete' || e.changes.length > 0);
      if (!services?.use(APPROVAL_OUTCOME) || relevant.length === 0) return;
      const { op } = await services.asSystem(relevant[0].tenantId, tx);
      const label = (object: string) => op.model.objects.get(object)?.catalog.definition.label?.en ?? object;
      const column = <T>(f: (e: ChangeEvent) => T) => relevant.map(f);
      await tx.query(`insert into ${notificationsTable(op.model.schema)} (id, user_id, title, body, object, record_id, created_at)
        select gen_random_uuid(), f.user_id, x.title, x.body, f.object, f.record_id, x.at
          from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[]) with ordinality as x(object, id, title, body, actor, at, n)
          join ${followersTable(op.model.schema)} f on f.object = x.object and f.record_id = x.id
         where f.user_id is distinct from x.actor and f.created_at <= x.at
         order by x.n, f.user_id`,
      [
        column((e) => e.object), column((e) => e.recordId),
        column((e) => `${label(e.object)} you follow ${e.kind === 'delete' ? 'was deleted' : 'changed'}`),
        column((e) => (e.kind === 'delete' ? 'deleted' : `changed: ${e.changes.map((c) => c.field).join(', ')}`)),
        column((e) => e.actorId), column((e) => e.at),
      ]);
    },
  };
}

/**
 * Collaboration as a plugin: followers on any record (follow/unfollow/followers; notifications of
 * changes through the workflows plugin's inbox when installed), notes, and one timeline per record
 * merging the sources every installed plugin declares (`timelineSources`): this plugin's field
 * changes, notes, activities, conversions and approvals; the pools plugin adds its moves.
 */
export function createCollaborationPlugin(): Plugin {
  const held: { services?: PluginServices } = {};
  const record = { object: { type: 'String' as const, required: true }, id: { type: 'ID' as const, required: true } };
  const recordInput = { type: 'object', additionalProperties: false, required: ['object', 'id'], properties: { object: { type: 'string' }, id: { type: 'string' } } };
  return definePlugin({
    name: 'collaboration', version: '0.1.0', label: { en: 'Collaboration', zh: '协作' }, after: ['audit', 'workflows', 'approvals', 'conversions'],
    description: 'Followers on any record, notes, and one timeline per record merging activities, field changes, approvals, pool moves and notes across reps.',
    migrations,
    subscribers: [followersSubscriber(held)],
    timelineSources: collaborationSources,
    queries: [
      {
        name: 'timeline', description: 'A record\'s timeline, newest first: activities, field changes, notes, approvals, conversions, pool moves (each typed, with actor and timestamp), those of the records converted into it too; `after`: the endCursor of the previous page.',
        args: { ...record, first: { type: 'Int' }, after: { type: 'String' } },
        input: { type: 'object', additionalProperties: false, required: ['object', 'id'], properties: { object: { type: 'string' }, id: { type: 'string' }, first: { type: 'integer' }, after: { type: 'string' } } },
        run: (call) => timeline(call.op, call.api, call, call.input as { object: string; id: string; first?: number; after?: string }),
      },
      {
        name: 'followers', description: 'The users who follow a record.', args: record, input: recordInput,
        async run(call) {
          const i = call.input as { object: string; id: string };
          await readable(call, i.object, i.id);
          const { rows } = await call.op.db.query(`select f.user_id as id, u.name, u.email, f.created_at as "since" from ${followersTable(call.op.model.schema)} f left join tessera.users u on u.id = f.user_id and u.tenant_id = $3 where f.object = $1 and f.record_id = $2 order by f.created_at, f.user_id`, [i.object, i.id, call.op.model.tenantId]);
          return rows;
        },
      },
    ],
    mutations: [
      {
        name: 'follow', description: 'You follow a record you can read: its changes come to your notifications.', args: record, input: recordInput,
        async run(call) {
          const i = call.input as { object: string; id: string };
          await readable(call, i.object, i.id);
          if (!call.op.principal.userId) throw new PlatformError('BAD_USER_INPUT', 'Only a user can follow a record');
          await call.op.db.query(`insert into ${followersTable(call.op.model.schema)} (object, record_id, user_id, created_at) values ($1, $2, $3, $4) on conflict do nothing`, [i.object, i.id, call.op.principal.userId, call.clock.now()]);
          return { following: true };
        },
      },
      {
        name: 'unfollow', description: 'You stop following a record.', args: record, input: recordInput,
        async run(call) {
          const i = call.input as { object: string; id: string };
          await call.op.db.query(`delete from ${followersTable(call.op.model.schema)} where object = $1 and record_id = $2 and user_id = $3`, [i.object, i.id, call.op.principal.userId]);
          return { following: false };
        },
      },
      {
        name: 'addNote', description: 'Writes a note (a comment) on a record you can read: it shows on its timeline.', args: { ...record, body: { type: 'String', required: true } },
        input: { type: 'object', additionalProperties: false, required: ['object', 'id', 'body'], properties: { object: { type: 'string' }, id: { type: 'string' }, body: { type: 'string', minLength: 1, maxLength: 10000 } } },
        async run(call) {
          const i = call.input as { object: string; id: string; body: string };
          await readable(call, i.object, i.id);
          const id = uuidv7();
          await call.op.db.query(`insert into ${notesTable(call.op.model.schema)} (id, object, record_id, body, author_id, at) values ($1, $2, $3, $4, $5, $6)`, [id, i.object, i.id, i.body, call.op.principal.userId ?? null, call.clock.now()]);
          return { id };
        },
      },
    ],
    setup(services) { held.services = services; },
  });
}
export { MAX_FIRST };
