import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { AppRoutes } from '../App';
import { SessionProvider } from '../auth/session';
import { preloadPages } from '../lib/lazyPage';

// Pages load lazily in the app; here every page is in before a test renders, as before the split.
await preloadPages();

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname + location.search}</div>;
}

/** Renders the whole app at `path`, as main.tsx does but with an in-memory router. */
export function renderApp(path: string) {
  const result = render(
    <MemoryRouter initialEntries={[path]}>
      <SessionProvider>
        <AppRoutes />
        <LocationProbe />
      </SessionProvider>
    </MemoryRouter>,
  );
  return {
    ...result,
    location: () => result.getByTestId('location').textContent,
  };
}
