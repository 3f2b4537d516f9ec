import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { configureClient } from '../api/graphql.ts';
import { useObjects } from '../api/metadata.ts';
import { useSession } from '../api/session.tsx';
import { PluginNav } from '../plugins/PluginNav.tsx';
import { isLanguage, languageWasChosen, LANGUAGES, rememberLanguage, type Language } from '../i18n/index.ts';

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
    <label className="language-switch">
      <span>{t('header.language')}</span>
      <select
        value={i18n.language}
        onChange={(e) => {
          const language = e.target.value as Language;
          rememberLanguage(language);
          void i18n.changeLanguage(language);
        }}
      >
        {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.name}</option>)}
      </select>
    </label>
  );
}

/** The frame around every signed-in page: header (language, user) and navigation (objects, setup). */
export function Shell() {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const objects = useObjects();
  return (
    <div className="shell">
      <header className="shell-header">
        <NavLink to="/" className="brand">{t('appName')}</NavLink>
        <div className="header-tools">
          <LanguageSwitch />
          <span className="user-name" title={session?.user.email}>{t('header.signedInAs', { name: session?.user.name })}</span>
          <button type="button" onClick={() => signOut().then(() => navigate('/signin'))}>{t('header.signOut')}</button>
        </div>
      </header>
      <nav className="shell-nav" aria-label={t('nav.main')}>
        <h2>{t('nav.objects')}</h2>
        <ul>
          {(objects.data ?? []).filter((o) => o.access.read).map((o) => (
            <li key={o.name}><NavLink to={`/o/${o.name}`}>{o.pluralLabel}</NavLink></li>
          ))}
        </ul>
        <PluginNav />
        <h2>{t('nav.setup')}</h2>
        <ul>
          <li><NavLink to="/dashboards">{t('nav.dashboards')}</NavLink></li>
          <li><NavLink to="/setup/objects">{t('nav.objectManager')}</NavLink></li>
          <li><NavLink to="/setup/scripts">{t('nav.scripts')}</NavLink></li>
          <li><NavLink to="/setup/users">{t('nav.users')}</NavLink></li>
          <li><NavLink to="/setup/roles">{t('nav.roles')}</NavLink></li>
          <li><NavLink to="/setup/audit">{t('nav.audit')}</NavLink></li>
        </ul>
      </nav>
      <main className="shell-main">
        <Outlet />
      </main>
    </div>
  );
}
