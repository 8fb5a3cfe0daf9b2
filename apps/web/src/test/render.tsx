import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { AppRoutes } from '../App';
import { SessionProvider } from '../auth/session';
import { i18n } from '../i18n';
import { preloadPages } from '../lib/lazyPage';

// Pages load lazily in the app; here every page is in before a test renders, as before the split.
await preloadPages();

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

/**
 * Renders the whole app at `path`, as main.tsx does but with an in-memory router. The interface
 * speaks English (test/setup.ts sets it before each test) unless a test switches language.
 */
export function renderApp(path: string) {
  const result = render(
    <I18nextProvider i18n={i18n}>
      <MemoryRouter initialEntries={[path]}>
        <SessionProvider>
          <AppRoutes />
          <LocationProbe />
        </SessionProvider>
      </MemoryRouter>
    </I18nextProvider>,
  );
  return {
    ...result,
    location: () => result.getByTestId('location').textContent,
  };
}
