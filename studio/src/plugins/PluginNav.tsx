import { useTranslation } from 'react-i18next';
import { labelIn, usePlugins } from './api.ts';

/** The navigation entries plugins declare (`studio.nav`): where each goes and its label in the UI language. */
export function usePluginNav(): { to: string; label: string }[] {
  const { i18n } = useTranslation();
  const plugins = usePlugins();
  return (plugins.data ?? []).flatMap((p) => (p.studio.nav ?? []).map((n) => ({ to: `/x/${p.name}/${n.page}`, label: labelIn(n.label, i18n.language) })));
}
