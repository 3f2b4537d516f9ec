import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { labelIn, usePlugins } from './api.ts';

/** The navigation entries plugins declare (`studio.nav`), under the plugin's name; nothing when none do. */
export function PluginNav() {
  const { t, i18n } = useTranslation();
  const plugins = usePlugins();
  const entries = (plugins.data ?? []).flatMap((p) => (p.studio.nav ?? []).map((n) => ({ plugin: p.name, ...n })));
  if (!entries.length) return null;
  return (
    <>
      <h2>{t('nav.apps')}</h2>
      <ul>
        {entries.map((e) => (
          <li key={`${e.plugin}/${e.page}`}><NavLink to={`/x/${e.plugin}/${e.page}`}>{labelIn(e.label, i18n.language)}</NavLink></li>
        ))}
      </ul>
    </>
  );
}
