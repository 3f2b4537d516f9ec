import { App as AntApp, ConfigProvider, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { designLocale, useDayjsLocale } from './locales.ts';

/** The studio's look: antd's default algorithm with the accent Tessera always had. */
const THEME = {
  algorithm: theme.defaultAlgorithm,
  token: { colorPrimary: '#2458d3', borderRadius: 6, fontFamily: 'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif' },
};

/**
 * Ant Design for everything below: its locale follows the UI language (ConfigProvider re-renders the
 * pickers, tables and modals when it changes), and `App` gives message, modal and notification a
 * context that knows the theme and locale (`App.useApp()`), which static `message.x()` calls would not.
 */
export function DesignProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  useDayjsLocale(i18n.language);
  return (
    // No space inserted between two Chinese characters of a button: "登录" keeps its accessible name.
    <ConfigProvider locale={designLocale(i18n.language).antd} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp component={false}>{children}</AntApp>
    </ConfigProvider>
  );
}
