import { auditHooks } from '../audit/index.ts';
import { businessCalendarKind } from '../calendars/index.ts';
import { duplicatesHook } from '../duplicates/hook.ts';
import type { Clock } from '../clock/index.ts';
import { outboxHook } from '../events/index.ts';
import { permissionsHook } from '../operations/index.ts';
import { definePlugin } from './define.ts';
import type { Plugin } from './types.ts';

/** The version the platform's own plugins carry (the platform's). */
export const PLATFORM_VERSION = '0.1.0';

/**
 * The platform's own features that hook into every write, as plugins on the same contract apps
 * use: record rights first, then the duplicate rules' check, then the record history, then change
 * events. Their hooks keep that order by declaration (`after`), whatever else is installed.
 */
export function corePlugins(clock: Clock): Plugin[] {
  return [
    definePlugin({
      name: 'permissions', version: PLATFORM_VERSION, label: { en: 'Permissions', zh: '权限' },
      description: 'Checks object, field and record rights of every write before any SQL runs.',
      saveHooks: [permissionsHook()],
    }),
    definePlugin({
      name: 'duplicates', version: PLATFORM_VERSION, label: { en: 'Duplicate rules', zh: '查重规则' }, after: ['permissions'],
      description: 'Refuses writes that make duplicates by the objects\' duplicate rules (BLOCK; WARN unless allowDuplicates), on every write path.',
      saveHooks: [duplicatesHook()],
    }),
    definePlugin({
      name: 'audit', version: PLATFORM_VERSION, label: { en: 'Record history', zh: '记录历史' }, after: ['permissions', 'duplicates'],
      description: 'Collects what each write changed and keeps it as the record history.',
      saveHooks: auditHooks(),
    }),
    definePlugin({
      name: 'events', version: PLATFORM_VERSION, label: { en: 'Change events', zh: '变更事件' }, after: ['audit'],
      description: 'Writes one change event per record to the outbox, in the write\'s transaction.',
      saveHooks: [outboxHook(clock)],
    }),
    // A platform capability other plugins count time with (workflows' waits, approvals' escalations, pools' dispatch).
    definePlugin({
      name: 'calendars', version: PLATFORM_VERSION, label: { en: 'Business calendars', zh: '工作日历' },
      description: 'Working hours, holidays and make-up working days (调休) that business-time waits and escalations count.',
      metadataKinds: [businessCalendarKind()],
    }),
  ];
}
