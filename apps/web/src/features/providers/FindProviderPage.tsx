import type { Provider } from '@parley/shared';
import { useMemo, useState } from 'react';
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
  useDocumentTitle('Book a consultation');
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
      { value: '', label: 'Any speciality' },
      ...(facets?.specialities ?? []).map((s) => ({ value: s, label: s })),
      ...(speciality && !facets?.specialities.includes(speciality)
        ? [{ value: speciality, label: speciality }]
        : []),
    ],
    [facets, speciality],
  );
  const languageOptions = useMemo(
    () => [
      { value: '', label: 'Any language' },
      ...(facets?.languages ?? []).map((l) => ({ value: l, label: languageName(l) })),
    ],
    [facets],
  );
  const filtered = query !== '' || speciality !== '' || language !== '';

  return (
    <div className="stack">
      <section className="card" aria-labelledby="find-provider">
        <h2 className="card-title" id="find-provider">
          Find a provider
        </h2>
        <p className="card-description">
          Pick someone to talk to, then a time that suits you. Times are shown in your own time zone.
        </p>
        <div className="provider-filters" role="search">
          <TextField
            label="Name"
            type="search"
            placeholder="Search by name"
            value={q}
            onChange={(event) => setQ(event.target.value)}
          />
          <SelectField
            label="Speciality"
            value={speciality}
            options={specialityOptions}
            onChange={(event) => setSpeciality(event.target.value)}
          />
          <SelectField
            label="Language"
            value={language}
            options={languageOptions}
            onChange={(event) => setLanguage(event.target.value)}
          />
        </div>
      </section>
      {load.status === 'loading' && <LoadingBlock label="Loading providers…" />}
      {load.status === 'error' && (
        <LoadError title="Providers could not be loaded" message={load.message} onRetry={load.retry} />
      )}
      {load.status === 'ready' && load.data.length === 0 && (
        <div className="card">
          {filtered ? (
            <EmptyState
              icon="search"
              title="No provider matches"
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
                  Clear the filters
                </Button>
              }
            >
              Try another name, speciality or language.
            </EmptyState>
          ) : (
            <EmptyState icon="users" title="No providers yet">
              Nobody offers consultations here yet. An administrator makes people providers in Administration
              → People.
            </EmptyState>
          )}
        </div>
      )}
      {load.status === 'ready' && load.data.length > 0 && (
        <ul className="provider-grid" aria-label="Providers">
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
              See free times<span className="sr-only"> with {provider.displayName}</span>
            </span>
          </Link>
        ) : (
          <span className="muted">Not taking new bookings</span>
        )}
      </div>
    </article>
  );
}
