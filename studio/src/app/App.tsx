import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { SessionProvider } from '../api/session.tsx';
import { createI18n } from '../i18n/index.ts';
import { DesignProvider } from '../ui/design/DesignProvider.tsx';
import { AppRoutes } from './routes.tsx';

/** The studio: language, design system (in that language), session, data cache and routes. */
export function App() {
  const [i18n] = useState(() => createI18n());
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }));
  return (
    <I18nextProvider i18n={i18n}>
      <DesignProvider>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </SessionProvider>
        </QueryClientProvider>
      </DesignProvider>
    </I18nextProvider>
  );
}
