import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metadataApi } from '../../api/graphql.ts';
import { Select } from '../../ui/design/Select.tsx';

export interface AppMeta { name: string; label: string; objects: string[] }

const STORAGE_KEY = 'tessera.app';
/** The choice "every object", as the switcher stores it. */
export const ALL_OBJECTS = '';

/** The tenant's apps (`apps` on /metadata), labels in the UI language, each with the objects the user may read. */
export function useApps() {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['metadata', 'apps', i18n.language],
    queryFn: async () => (await metadataApi<{ apps: AppMeta[] }>('{ apps { name label objects } }')).apps,
    staleTime: 30_000,
  });
}

export function chosenApp(): string {
  return globalThis.localStorage?.getItem(STORAGE_KEY) ?? ALL_OBJECTS;
}

/** The app switcher: the navigation shows the chosen app's objects (or every object); remembered on this browser. */
export function AppSwitcher({ value, onChange }: { value: string; onChange(app: string): void }) {
  const { t } = useTranslation();
  const apps = useApps();
  if (!apps.data?.length) return null;
  return (
    <Select<string>
      aria-label={t('apps.switch')}
      value={apps.data.some((a) => a.name === value) ? value : ALL_OBJECTS}
      style={{ minWidth: 150 }}
      options={[{ value: ALL_OBJECTS, label: t('apps.all') }, ...apps.data.map((a) => ({ value: a.name, label: a.label }))]}
      onChange={(app) => {
        globalThis.localStorage?.setItem(STORAGE_KEY, app);
        onChange(app);
      }}
    />
  );
}
