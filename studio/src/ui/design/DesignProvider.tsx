import { App as AntApp, ConfigProvider, theme } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { designLocale, useDayjsLocale } from './locales.ts';
import { useReducedMotion } from './reduced-motion.ts';

/** The studio's look: antd's default algorithm with the accent Tessera always had. */
const THEME = {
  algorithm: theme.defaultAlgorithm,
  token: { colorPrimary: '#2458d3', borderRadius: 6, fontFamily: 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif' },
};

/** The theme without antd's motion (modals and drawers open at once, nothing zooms or slides). */
const STILL_THEME = { ...THEME, token: { ...THEME.token, motion: false } };

/**
 * Ant Design for everything below: its locale follows the UI language (ConfigProvider re-renders the
 * pickers, tables and modals when it changes), and `App` gives message, modal and notification a
 * context that knows the theme and locale (`App.useApp()`), which static `message.x()` calls would not.
 * A browser asking for reduced motion (`prefers-reduced-motion: reduce`, an operating system setting)
 * gets none: antd's zooms and slides are off.
 */
export function DesignProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  useDayjsLocale(i18n.language);
  const reduced = useReducedMotion();
  const designTheme = useMemo(() => (reduced ? STILL_THEME : THEME), [reduced]);
  return (
    // No space inserted between two Chinese characters of a button: "登录" keeps its accessible name.
    <ConfigProvider locale={designLocale(i18n.language).antd} theme={designTheme} button={{ autoInsertSpace: false }}>
      <AntApp component={false}>{children}</AntApp>
    </ConfigProvider>
  );
}
