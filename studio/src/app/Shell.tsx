import { Button, Layout, Menu, Typography, type MenuProps } from 'antd';
import { lazy, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { configureClient } from '../api/graphql.ts';
import { useObjects } from '../api/metadata.ts';
import { useSession } from '../api/session.tsx';
import { usePluginNav } from '../plugins/PluginNav.tsx';
import { useRuntimeNav } from '../plugins/runtime-nav.ts';
import { AppSwitcher, chosenApp, useApps } from './header/AppSwitcher.tsx';
import { GlobalSearch } from './header/GlobalSearch.tsx';
import { isLanguage, languageWasChosen, LANGUAGES, rememberLanguage, type Language } from '../i18n/index.ts';
import { Select } from '../ui/design/Select.tsx';
// Straight from antd's icons: the studio's icon module (every icon it uses) would join the first load.
import { MenuOutlined } from '@ant-design/icons';

/** Keeps the API client's language in step with the UI; the user's own locale applies unless one was chosen. */
function useLanguage() {
  const { i18n } = useTranslation();
  const { session } = useSession();
  useEffect(() => {
    const userLocale = session?.user.locale;
    if (!languageWasChosen() && isLanguage(userLocale) && userLocale !== i18n.language) void i18n.changeLanguage(userLocale);
  }, [session, i18n]);
  useEffect(() => {
    configureClient({ locale: i18n.language });
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  return i18n;
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const i18n = useLanguage();
  return (
    <Select<Language>
      aria-label={t('header.language')}
      value={i18n.language as Language}
      variant="borderless"
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
      onChange={(language) => {
        rememberLanguage(language);
        void i18n.changeLanguage(language);
      }}
    />
  );
}

const SETUP = [
  ['/dashboards', 'nav.dashboards'], ['/reports/funnel', 'nav.funnel'], ['/reports/forecast', 'nav.forecast'], ['/setup/objects', 'nav.objectManager'], ['/setup/scripts', 'nav.scripts'],
  ['/setup/users', 'nav.users'], ['/setup/roles', 'nav.roles'], ['/setup/audit', 'nav.audit'],
] as const;

/** The navigation: the objects the user may read, then setup. Items are links, so they open in a new tab too. */
function Navigation({ app }: { app: string }) {
  const { t } = useTranslation();
  const objects = useObjects();
  const tenantApps = useApps();
  // The chosen app's objects, in its order; every object when none is chosen (or it is gone).
  const chosen = tenantApps.data?.find((a) => a.name === app);
  const shown = (objects.data ?? []).filter((o) => o.access.read && (!chosen || chosen.objects.includes(o.name)))
    .sort((a, b) => (chosen ? chosen.objects.indexOf(a.name) - chosen.objects.indexOf(b.name) : 0));
  const runtime = useRuntimeNav();
  const apps = [...runtime.apps, ...usePluginNav()];
  const setup = [...SETUP.map(([to, key]) => ({ to, label: t(key) })), ...runtime.setup];
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const item = (to: string, label: string) => ({ key: to, label: <NavLink to={to}>{label}</NavLink> });
  const items: MenuProps['items'] = [
    { type: 'group', key: 'objects', label: chosen?.label ?? t('nav.objects'), children: shown.map((o) => item(`/o/${o.name}`, o.pluralLabel)) },
    // Plugins' pages (their `studio.nav`), when any plugin declares one.
    ...(apps.length ? [{ type: 'group' as const, key: 'apps', label: t('nav.apps'), children: apps.map((a) => item(a.to, a.label)) }] : []),
    { type: 'group', key: 'setup', label: t('nav.setup'), children: setup.map((s) => item(s.to, s.label)) },
  ];
  // The item whose address is the longest prefix of the page's (a record page highlights its object).
  const keys = [...(objects.data ?? []).map((o) => `/o/${o.name}`), ...apps.map((a) => a.to), ...setup.map((s) => s.to)];
  const selected = keys.filter((k) => pathname === k || pathname.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label={t('nav.main')}>
      {/* A click on the item's padding goes where its link goes (a click on the link itself is the link's). */}
      <Menu mode="inline" items={items} selectedKeys={selected ? [selected] : []} className="shell-menu"
        onClick={({ key, domEvent }) => { if (!(domEvent.target as Element).closest('a')) navigate(key); }} />
    </nav>
  );
}

const NavDrawer = lazy(() => import('./NavDrawer.tsx'));
/** The notifications bell, loaded on its own when the workflows plugin (its inbox) is installed. */
const NotificationBell = lazy(() => import('./header/NotificationBell.tsx'));

/** Below antd's `md` breakpoint (a phone), the navigation is a drawer opened from the header. */
const NARROW = '(max-width: 767.98px)';

/** Whether the window is phone-sized, read synchronously (no desktop frame drawn first on a phone). */
function useNarrow(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(NARROW);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}

/** The frame around every signed-in page: header (language, user) and navigation (objects, setup) — a side menu, or on a phone a drawer. */
export function Shell() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const [app, setApp] = useState(chosenApp);
  const narrow = useNarrow();
  const [drawer, setDrawer] = useState(false);
  const bell = useRuntimeNav().workflows;
  const { pathname } = useLocation();
  // Following a link closes the drawer.
  useEffect(() => setDrawer(false), [pathname]);
  return (
    <Layout className={`shell${narrow ? ' shell-narrow' : ''}`}>
      {/* antd's Layout is a <section>: the header says it is the page's banner itself. */}
      <Layout.Header className="shell-header" role="banner">
        {narrow && <Button type="text" icon={<MenuOutlined aria-hidden />} aria-label={t('nav.open')} aria-expanded={drawer} onClick={() => setDrawer(true)} className="nav-toggle" />}
        <Link to="/" className="brand">{t('appName')}</Link>
        <GlobalSearch />
        <div className="header-tools">
          {!narrow && <AppSwitcher value={app} onChange={setApp} />}
          {bell && <Suspense fallback={null}><NotificationBell /></Suspense>}
          <LanguageSwitch />
          <Typography.Text className="user-name" title={session?.user.email}>{t('header.signedInAs', { name: session?.user.name })}</Typography.Text>
          <Button onClick={() => signOut().then(() => navigate('/signin'))}>{t('header.signOut')}</Button>
        </div>
      </Layout.Header>
      <Layout hasSider={!narrow}>
        {narrow ? (
          <Suspense fallback={null}>
            <NavDrawer open={drawer} onClose={() => setDrawer(false)} title={t('appName')} closeLabel={t('nav.close')}>
              {/* On a phone the app switcher sits atop the navigation (the header has no room for it). */}
              <div className="drawer-app-switcher"><AppSwitcher value={app} onChange={setApp} /></div>
              <Navigation app={app} />
            </NavDrawer>
          </Suspense>
        ) : (
          <Layout.Sider width={232} theme="light" className="shell-nav">
            <Navigation app={app} />
          </Layout.Sider>
        )}
        <Layout.Content className="shell-main">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
