import type { Provider } from '@parley/shared';
import { Trans, useTranslation } from 'react-i18next';
import { languageName } from './format';

/** Specialities as chips and languages written out. */
export function ProviderFacts({ provider }: { provider: Provider }) {
  const { t } = useTranslation();
  return (
    <div className="provider-facts">
      {provider.specialities.length > 0 && (
        <ul className="chip-list" aria-label={t('providers.facts.specialities')}>
          {provider.specialities.map((s) => (
            <li key={s} className="chip">
              {s}
            </li>
          ))}
        </ul>
      )}
      {provider.languages.length > 0 && (
        <p className="provider-languages">
          <Trans
            i18nKey="providers.facts.speaks"
            values={{ languages: provider.languages.map(languageName).join(', ') }}
            components={{ m: <span className="muted" /> }}
          />
        </p>
      )}
    </div>
  );
}
