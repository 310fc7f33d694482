import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { SessionProvider } from './auth/session';
import { I18nProvider } from './i18n/i18n';
import { RouterProvider } from './router';
import { SwitchDraftProvider } from './pages/switch-flow';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <RouterProvider>
        <SessionProvider>
          <SwitchDraftProvider>
            <App />
          </SwitchDraftProvider>
        </SessionProvider>
      </RouterProvider>
    </I18nProvider>
  </StrictMode>,
);
