import { fromPicks, toPicks } from '../setup/security/members.ts';
import type { Pool } from './api.ts';

/** The pool editor's form values and their translation to and from a pool item. */
export interface Values {
  name: string; label: string; object: string; default: boolean;
  /** Picks of users, roles and groups (setup/security/members.ts). */
  members: string[]; managers: string[];
  privateCap: string; dailyClaimQuota: string; reclaimCooldown: string; firstFollowUp: string; overdue: string; remindBefore: string;
  followUpFields: string; activities: string; releaseReasons: string; transfers: { when: string; to: string }[];
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export function toValues(p?: Pool): Values {
  return {
    name: p?.name ?? '', label: p?.label?.en ?? '', object: p?.object ?? '', default: !!p?.default, members: toPicks(p?.members), managers: toPicks(p?.managers),
    privateCap: p?.privateCap?.toString() ?? '', dailyClaimQuota: p?.dailyClaimQuota?.toString() ?? '', reclaimCooldown: p?.reclaimCooldown ?? '',
    firstFollowUp: p?.firstFollowUp ?? '', overdue: p?.overdue ?? '', remindBefore: p?.remindBefore ?? '',
    followUpFields: (p?.followUp?.fields ?? []).join(', '), activities: (p?.followUp?.activities ?? []).map((a) => `${a.object}.${a.field}`).join(', '),
    releaseReasons: (p?.releaseReasons ?? []).join(', '), transfers: p?.transfers ?? [],
  };
}

/** The form's values as a pool item (blank inputs left out; what the form does not edit is kept from `base`). */
export function toPool(v: Values, base?: Pool): Pool {
  const keep = Object.fromEntries(Object.entries(base ?? {}).filter(([k]) => ['description', 'timeZone'].includes(k)));
  const n = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const s = (x: string) => (x.trim() === '' ? undefined : x.trim());
  const activities = list(v.activities).map((a) => { const [object, field] = a.split('.'); return { object, field }; });
  const fields = list(v.followUpFields);
  const item: Record<string, unknown> = {
    ...keep, name: v.name.trim(), object: v.object, ...(v.label.trim() ? { label: { ...(base?.label ?? {}), en: v.label.trim() } } : {}), ...(v.default ? { default: true } : {}),
    members: fromPicks(v.members), managers: fromPicks(v.managers),
    privateCap: n(v.privateCap), dailyClaimQuota: n(v.dailyClaimQuota), reclaimCooldown: s(v.reclaimCooldown), firstFollowUp: s(v.firstFollowUp), overdue: s(v.overdue), remindBefore: s(v.remindBefore),
    followUp: fields.length || activities.length ? { ...(fields.length ? { fields } : {}), ...(activities.length ? { activities } : {}) } : undefined,
    releaseReasons: list(v.releaseReasons).length ? list(v.releaseReasons) : undefined,
    transfers: v.transfers.filter((x) => x.when.trim() && x.to).length ? v.transfers.filter((x) => x.when.trim() && x.to) : undefined,
  };
  for (const k of Object.keys(item)) if (item[k] === undefined || (Array.isArray(item[k]) && !(item[k] as unknown[]).length)) delete item[k];
  return item as unknown as Pool;
}
