// Base styles first: each feature's stylesheet (imported by its pages) comes after and may refine them.
import './styles.css';
import { StrictMode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AppRoutes } from './App';
import { SessionProvider } from './auth/session';
import { registerServiceWorker, useServiceWorkerNavigation } from './lib/serviceWorker';
import { i18n } from './i18n';

// Pages load in chunks of their own: a tab opened before a new version was deployed asks for chunks
// that are gone, so it loads the new version instead (once a minute at most, never in a loop).
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('parley.reloadedForChunks') ?? 0);
  if (Date.now() - last < 60_000) return;
  event.preventDefault();
  sessionStorage.setItem('parley.reloadedForChunks', String(Date.now()));
  window.location.reload();
});

// The offline app shell and Web Push (apps/web/sw/sw.js); only the production build has /sw.js.
if (import.meta.env.PROD) registerServiceWorker();

/** Inside the router: a clicked notification's page opens here. */
function ServiceWorkerNavigation() {
  useServiceWorkerNavigation();
  return null;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing #root');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <BrowserRouter>
        <ServiceWorkerNavigation />
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </BrowserRouter>
    </I18nextProvider>
  </StrictMode>,
);
