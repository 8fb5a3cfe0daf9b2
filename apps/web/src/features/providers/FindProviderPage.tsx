import type { Provider } from '@parley/shared';
import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { LoadingBlock } from '../../components/Spinner';
import { TextField } from '../../components/TextField';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useLoad } from '../../lib/useLoad';
import { languageName, sessionLength } from './format';
import { ProviderFacts } from './ProviderFacts';
import { providersApi } from './providers.api';
import './providers.css';

/** Book → find a provider by name, speciality or language. */
export function FindProviderPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('providers.find.documentTitle'));
  const [q, setQ] = useState('');
  const [speciality, setSpeciality] = useState('');
  const [language, setLanguage] = useState('');
  const query = useDebouncedValue(q.trim(), 250);
  /** Every speciality and language offered, from the unfiltered list (the filters' choices). */
  const [facets, setFacets] = useState<{ specialities: string[]; languages: string[] } | null>(null);

  const load = useLoad(
    async (signal) => {
      const filters = {
        q: query || undefined,
        speciality: speciality || undefined,
        language: language || undefined,
      };
      const providers = await providersApi.list(filters, signal);
      if (!filters.q && !filters.speciality && !filters.language) setFacets(facetsOf(providers));
      return providers;
    },
    [query, speciality, language],
  );

  const specialityOptions = useMemo(
    () => [
      { value: '', label: t('providers.find.anySpeciality') },
      ...(facets?.specialities ?? []).map((s) => ({ value: s, label: s })),
      ...(speciality && !facets?.specialities.includes(speciality)
        ? [{ value: speciality, label: speciality }]
        : []),
    ],
    [facets, speciality, t],
  );
  const languageOptions = useMemo(
    () => [
      { value: '', label: t('providers.find.anyLanguage') },
      ...(facets?.languages ?? []).map((l) => ({ value: l, label: languageName(l) })),
    ],
    // languageName follows the interface's language, as `t` does.
    [facets, t],
  );
  const filtered = query !== '' || speciality !== '' || language !== '';

  return (
    <div className="stack">
      <section className="card" aria-labelledby="find-provider">
        <h2 className="card-title" id="find-provider">
          {t('providers.find.title')}
        </h2>
        <p className="card-description">{t('providers.find.description')}</p>
        <div className="provider-filters" role="search">
          <TextField
            label={t('providers.find.name')}
            type="search"
            placeholder={t('providers.find.namePlaceholder')}
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
          <SelectField
            label={t('providers.find.speciality')}
            value={speciality}
            options={specialityOptions}
            onChange={(event) => setSpeciality(event.target.value)}
          />
          <SelectField
            label={t('providers.find.language')}
            value={language}
            options={languageOptions}
            onChange={(event) => setLanguage(event.target.value)}
          />
        </div>
      </section>
      {load.status === 'loading' && <LoadingBlock label={t('providers.find.loading')} />}
      {load.status === 'error' && (
        <LoadError title={t('providers.find.loadError')} message={load.message} onRetry={load.retry} />
      )}
      {load.status === 'ready' && load.data.length === 0 && (
        <div className="card">
          {filtered ? (
            <EmptyState
              icon="search"
              title={t('providers.find.noMatch')}
              action={
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => {
                    setQ('');
                    setSpeciality('');
                    setLanguage('');
                  }}
                >
                  {t('providers.find.clearFilters')}
                </Button>
              }
            >
              {t('providers.find.noMatchHint')}
            </EmptyState>
          ) : (
            <EmptyState icon="users" title={t('providers.find.none')}>
              {t('providers.find.noneHint')}
            </EmptyState>
          )}
        </div>
      )}
      {load.status === 'ready' && load.data.length > 0 && (
        <ul className="provider-grid" aria-label={t('providers.find.listLabel')}>
          {load.data.map((provider) => (
            <li key={provider.id}>
              <ProviderCard provider={provider} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function facetsOf(providers: Provider[]) {
  const specialities = new Set<string>();
  const languages = new Set<string>();
  for (const p of providers) {
    p.specialities.forEach((s) => specialities.add(s));
    p.languages.forEach((l) => languages.add(l));
  }
  const byText = (a: string, b: string) => a.localeCompare(b);
  return { specialities: [...specialities].sort(byText), languages: [...languages].sort(byText) };
}

export function ProviderCard({ provider }: { provider: Provider }) {
  const { t } = useTranslation();
  const to = `/consultations/book/${encodeURIComponent(provider.id)}`;
  return (
    <article className="provider-card" aria-labelledby={`provider-${provider.id}`}>
      <div className="provider-card-head">
        <Avatar user={provider} size="lg" decorative />
        <div className="provider-card-title">
          <h3 id={`provider-${provider.id}`}>
            <Link to={to}>{provider.displayName}</Link>
          </h3>
          <p className="muted">{sessionLength(provider.sessionMinutes)}</p>
        </div>
      </div>
      {provider.bio && <p className="provider-bio">{provider.bio}</p>}
      <ProviderFacts provider={provider} />
      <div className="provider-card-actions">
        {provider.accepting ? (
          <Link className="btn btn-primary btn-sm" to={to}>
            <span>
              <Trans
                i18nKey="providers.find.seeTimes"
                values={{ name: provider.displayName }}
                components={{ sr: <span className="sr-only" /> }}
              />
            </span>
          </Link>
        ) : (
          <span className="muted">{t('providers.find.notAccepting')}</span>
        )}
      </div>
    </article>
  );
}
