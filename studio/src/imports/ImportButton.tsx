import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../ui/design/ButtonLink.tsx';
import { usePlugins } from '../plugins/api.ts';
import { useCapabilities } from '../plugins/runtime-nav.ts';

/** The list page's way to the import wizard: shown when the imports plugin is installed and the user may import (importData) and create records. */
export function ImportButton({ object, canCreate }: { object: string; canCreate: boolean }) {
  const { t } = useTranslation('imports');
  const installed = (usePlugins().data ?? []).some((p) => p.name === 'imports');
  const capabilities = useCapabilities();
  if (!installed || !canCreate || !capabilities.has('importData')) return null;
  return <ButtonLink to={`/o/${object}/import`}>{t('button')}</ButtonLink>;
}
