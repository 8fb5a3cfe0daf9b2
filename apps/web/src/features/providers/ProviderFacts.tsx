import type { Provider } from '@parley/shared';
import { languageName } from './format';

/** Specialities as chips and languages written out. */
export function ProviderFacts({ provider }: { provider: Provider }) {
  return (
    <div className="provider-facts">
      {provider.specialities.length > 0 && (
        <ul className="chip-list" aria-label="Specialities">
          {provider.specialities.map((s) => (
            <li key={s} className="chip">
              {s}
            </li>
          ))}
        </ul>
      )}
      {provider.languages.length > 0 && (
        <p className="provider-languages">
          <span className="muted">Speaks </span>
          {provider.languages.map(languageName).join(', ')}
        </p>
      )}
    </div>
  );
}
