import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

/**
 * The design system's strings and calendars per UI language: antd's locale (pickers, tables, modals,
 * pagination) and dayjs's (month and weekday names, first day of the week). They follow the studio's
 * language, never the browser's, so a zh-CN user on an English browser gets a Chinese date picker.
 */
const LOCALES: Record<string, { antd: Locale; dayjs: string }> = {
  en: { antd: enUS, dayjs: 'en' },
  'zh-CN': { antd: zhCN, dayjs: 'zh-cn' },
};

export function designLocale(language: string): { antd: Locale; dayjs: string } {
  return LOCALES[language] ?? LOCALES.en;
}

/** dayjs keeps one global locale: the values the studio builds (and formats) speak the UI language. */
export function useDayjsLocale(language: string): void {
  const wanted = designLocale(language).dayjs;
  // Set during render, before any child builds a dayjs value with the old locale; idempotent.
  if (dayjs.locale() !== wanted) dayjs.locale(wanted);
}
