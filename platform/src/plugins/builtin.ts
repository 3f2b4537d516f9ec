import { analyticsPlugin } from '../analytics/plugin.ts';
import { auditHooks } from '../audit/index.ts';
import { businessCalendarKind } from '../calendars/index.ts';
import { duplicatesHook } from '../duplicates/hook.ts';
import { rollupHooks } from '../rollups/hook.ts';
import { validationRulesHook } from '../validation/hook.ts';
import { filesHook } from '../files/hook.ts';
import { hierarchyHook } from '../hierarchy/hook.ts';
import { encryptionHooks } from '../encryption/hook.ts';
import { positionsHooks } from '../sequence/hook.ts';
import type { Clock } from '../clock/index.ts';
import { outboxHook } from '../events/index.ts';
import { permissionsHook } from '../operations/index.ts';
import { definePlugin } from './define.ts';
import type { Plugin } from './types.ts';

/** The version the platform's own plugins carry (the platform's). */
export const PLATFORM_VERSION = '0.1.0';

/**
 * The platform's own features that hook into every write, as plugins on the same contract apps
 * use: record rights first, then the validation rules (before the write, on plain values), the tree fields' cycle check
 * and sequence positions, then the duplicate rules' check, then roll-ups and files, then the record history, then
 * encryption (the last thing before the write; plain text back right after the history has read the write), then change
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
      name: 'validation-rules', version: PLATFORM_VERSION, label: { en: 'Validation rules', zh: '验证规则' }, after: ['permissions'],
      description: 'Refuses records that break their object\'s validation rules, after before-triggers, on every write path.',
      saveHooks: [validationRulesHook()],
    }),
    definePlugin({
      name: 'hierarchy', version: PLATFORM_VERSION, label: { en: 'Tree fields', zh: '树形字段' }, after: ['permissions'],
      description: 'Refuses writes that would make a tree field loop (a record under itself), on every write path.',
      saveHooks: [hierarchyHook()],
    }),
    definePlugin({
      name: 'positions', version: PLATFORM_VERSION, label: { en: 'Positions', zh: '排序位置' }, after: ['permissions', 'hierarchy'],
      description: 'Keeps sequence fields gapless per parent on every write path: moves shift the neighbours, deletes close gaps.',
      saveHooks: positionsHooks(),
    }),
    definePlugin({
      name: 'duplicates', version: PLATFORM_VERSION, label: { en: 'Duplicate rules', zh: '查重规则' }, after: ['permissions'],
      description: 'Refuses writes that make duplicates by the objects\' duplicate rules (BLOCK; WARN unless allowDuplicates), on every write path.',
      saveHooks: [duplicatesHook()],
    }),
    definePlugin({
      name: 'rollups', version: PLATFORM_VERSION, label: { en: 'Roll-up fields', zh: '汇总字段' }, after: ['permissions', 'duplicates'],
      description: 'Keeps roll-up fields on parents in the transaction of every child write, incrementally.',
      saveHooks: rollupHooks(),
    }),
    definePlugin({
      name: 'files', version: PLATFORM_VERSION, label: { en: 'Files', zh: '文件' }, after: ['permissions', 'duplicates'],
      description: 'File, image and signature fields hold only files their writer uploaded for them (or the record\'s own), on every write path; attaches them to the record.',
      saveHooks: [filesHook()],
    }),
    definePlugin({
      name: 'audit', version: PLATFORM_VERSION, label: { en: 'Record history', zh: '记录历史' }, after: ['permissions', 'duplicates', 'files'],
      description: 'Collects what each write changed and keeps it as the record history.',
      saveHooks: auditHooks(),
    }),
    definePlugin({
      name: 'encryption', version: PLATFORM_VERSION, label: { en: 'Encrypted fields', zh: '加密字段' }, after: ['permissions', 'validation-rules', 'hierarchy', 'positions', 'duplicates', 'rollups', 'files', 'audit'],
      description: 'Encrypts encrypted fields\' values with the tenant\'s key as the last thing before every write (hooks and triggers see plain text); reads decrypt them.',
      saveHooks: encryptionHooks(),
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
    // Stage history (trackStages) on every write path; funnels, time in stage, forecasts, targets.
    analyticsPlugin(PLATFORM_VERSION),
  ];
}
