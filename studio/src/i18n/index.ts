import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { configureClient } from '../api/graphql.ts';
import { common } from './common.ts';
import { records } from '../records/i18n.ts';
import { setup } from '../setup/objects/i18n.ts';
import { scripts } from '../setup/scripts/i18n.ts';
import { security } from '../setup/security/i18n.ts';
import { dashboards } from '../dashboards/i18n.ts';
import { analytics } from '../analytics/i18n.ts';
import { audit } from '../setup/audit/i18n.ts';
import { board } from '../records/board/i18n.ts';
import { expressions } from '../expressions/i18n.ts';
import { duplicates } from '../records/duplicates/i18n.ts';
import { approvals } from '../approvals/i18n.ts';
import { crm } from '../crm/i18n.ts';
import { workflows } from '../workflows/i18n.ts';
import { processesNav as processes } from '../setup/processes/i18n-nav.ts';
import { pools } from '../pools/i18n.ts';
import { assignment } from '../assignment/i18n.ts';
import { scoring } from '../scoring/i18n.ts';
import { webforms } from '../webforms/i18n.ts';
import { webhooks } from '../webhooks/i18n.ts';
import { imports } from '../imports/i18n.ts';
import { packages } from '../packages/i18n.ts';

/** The UI languages; metadata labels come from `/metadata` in the same language. */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'tessera.lang';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

/** `?lang=` wins, then the language chosen in the header earlier, then English. */
export function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  if (isLanguage(fromUrl)) {
    globalThis.localStorage?.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : 'en';
}

/** Whether the user picked a language (URL or header switch); if not, their profile's locale applies after sign-in. */
export function languageWasChosen(): boolean {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  return isLanguage(fromUrl) || isLanguage(globalThis.localStorage?.getItem(STORAGE_KEY));
}

export function rememberLanguage(language: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
}

const NAMESPACES = { common, records, setup, scripts, security, dashboards, audit, board, expressions, duplicates, approvals, workflows, processes, crm, analytics, pools, assignment, scoring, webforms, webhooks, imports, packages };
const resources = Object.fromEntries(
  LANGUAGES.map(({ code }) => [code, Object.fromEntries(Object.entries(NAMESPACES).map(([ns, strings]) => [ns, strings[code]]))]),
);

/** One i18next instance for the whole studio; each feature folder owns a namespace (its `i18n.ts`). */
export function createI18n(language: Language = initialLanguage()): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    ns: Object.keys(NAMESPACES),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  // Every API request names the UI language from the first one on: a query started before the
  // shell's effects ran (the header's search asks for objects) must not cache another language's labels.
  configureClient({ locale: instance.language });
  instance.on('languageChanged', (lng) => configureClient({ locale: lng }));
  return instance;
}
