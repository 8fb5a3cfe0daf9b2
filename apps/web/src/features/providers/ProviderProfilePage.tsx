import { ProviderProfileUpdateSchema, SPECIALITY_MAX, type Provider } from '@parley/shared';
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { FormFooter } from '../../components/FormFooter';
import { Icon } from '../../components/Icon';
import { LoadError } from '../../components/LoadError';
import { useDocumentTitle } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/Spinner';
import { Switch } from '../../components/Switch';
import { useSubmission } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { ProvidersOnly } from './ProvidersOnly';
import { ProviderCard } from './FindProviderPage';
import { languageName } from './format';
import { providersApi } from './providers.api';
import './providers.css';

/** Languages offered as suggestions; any BCP 47 code can be typed. */
const COMMON_LANGUAGES = [
  'ar',
  'de',
  'en',
  'es',
  'fr',
  'hi',
  'it',
  'ja',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ru',
  'tr',
  'uk',
  'zh',
];
const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** Consultations → Provider profile: what clients see when they look for someone to book. */
export function ProviderProfilePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('providers.profile.documentTitle'));
  return (
    <ProvidersOnly>
      <ProfileLoader />
    </ProvidersOnly>
  );
}

function ProfileLoader() {
  const { t } = useTranslation();
  const load = useLoad((signal) => providersApi.me(signal), []);
  if (load.status === 'loading') return <LoadingBlock label={t('providers.profile.loading')} />;
  if (load.status === 'error') {
    return <LoadError title={t('providers.profile.loadError')} message={load.message} onRetry={load.retry} />;
  }
  return <ProfileForm saved={load.data} />;
}

function ProfileForm({ saved }: { saved: Provider }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const bioId = useId();
  const { errors, status, busy, submit, clearSaved } = useSubmission(formRef);
  const [provider, setProvider] = useState(saved);
  const [bio, setBio] = useState(saved.bio);
  const [specialities, setSpecialities] = useState(saved.specialities);
  const [languages, setLanguages] = useState(saved.languages);
  const [accepting, setAccepting] = useState(saved.accepting);
  const [publicBooking, setPublicBooking] = useState(saved.publicBooking ?? false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = { bio, specialities, languages, accepting, publicBooking };
    await submit(ProviderProfileUpdateSchema, values, async (data) => {
      const next = await providersApi.updateMe(data);
      setProvider(next);
      return t('providers.profile.saved');
    });
  };
  const edited =
    <T,>(set: (v: T) => void) =>
    (value: T) => {
      set(value);
      clearSaved();
    };

  return (
    <div className="stack">
      <form
        ref={formRef}
        className="card form"
        noValidate
        onSubmit={(event) => void onSubmit(event)}
        aria-labelledby="provider-profile"
      >
        <h2 className="card-title" id="provider-profile">
          {t('providers.profile.title')}
        </h2>
        <p className="card-description">
          <Trans
            i18nKey="providers.profile.description"
            components={{
              profile: <Link to="/profile" />,
              availability: <Link to="/consultations/availability" />,
            }}
          />
        </p>
        <Switch
          label={t('providers.profile.accepting')}
          checked={accepting}
          onChange={edited(setAccepting)}
          description={t('providers.profile.acceptingHint')}
        />
        <PublicBookingSwitch
          username={provider.username}
          checked={publicBooking}
          saved={provider.publicBooking ?? false}
          onChange={edited(setPublicBooking)}
        />
        <div className={`field${errors.bio ? ' field-invalid' : ''}`}>
          <label className="field-label" htmlFor={bioId}>
            {t('providers.profile.bio')}
          </label>
          <textarea
            id={bioId}
            className="input textarea"
            rows={5}
            maxLength={2000}
            value={bio}
            aria-invalid={errors.bio ? true : undefined}
            aria-describedby={`${bioId}-hint`}
            onChange={(event) => edited(setBio)(event.target.value)}
          />
          <p className="field-hint" id={`${bioId}-hint`}>
            {t('providers.profile.bioHint', { count: String(bio.length) })}
          </p>
          {errors.bio && <p className="field-error">{errors.bio}</p>}
        </div>
        <ChipsInput
          label={t('providers.profile.specialities')}
          chosenLabel={t('providers.profile.specialitiesChosen')}
          addKey="providers.profile.specialitiesAdd"
          values={specialities}
          onChange={edited(setSpecialities)}
          max={SPECIALITY_MAX}
          error={errors.specialities}
          hint={t('providers.profile.specialitiesHint', { max: SPECIALITY_MAX })}
          check={(v) => (v.length > 60 ? 'providers.profile.specialityTooLong' : null)}
        />
        <ChipsInput
          label={t('providers.profile.languages')}
          chosenLabel={t('providers.profile.languagesChosen')}
          addKey="providers.profile.languagesAdd"
          values={languages}
          onChange={edited(setLanguages)}
          max={20}
          error={errors.languages}
          hint={t('providers.profile.languagesHint')}
          suggestions={COMMON_LANGUAGES}
          describe={languageName}
          check={(v) => (LANGUAGE_CODE.test(v) ? null : 'providers.profile.languageInvalid')}
        />
        <FormFooter status={status} busy={busy} submitLabel={t('providers.profile.save')} />
      </form>
      <section className="card" aria-labelledby="provider-preview">
        <h2 className="card-title" id="provider-preview">
          {t('providers.profile.previewTitle')}
        </h2>
        <div className="provider-preview">
          <ProviderCard provider={provider} />
        </div>
        <p className="muted">{t('providers.profile.previewNote')}</p>
      </section>
    </div>
  );
}

/**
 * Issue 19: a public booking page (`/book/<username>`) where people without an account book a free
 * time and confirm it by e-mail; it only opens while the administrator allows public booking pages.
 */
function PublicBookingSwitch({
  username,
  checked,
  saved,
  onChange,
}: {
  username: string;
  checked: boolean;
  /** Whether it is on as saved (the address works only then). */
  saved: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t } = useTranslation();
  const url = `${window.location.origin}/book/${encodeURIComponent(username)}`;
  return (
    <div className="public-booking-setting">
      <Switch
        label={t('providers.profile.publicBooking')}
        checked={checked}
        onChange={onChange}
        description={t('providers.profile.publicBookingHint')}
      />
      {saved && checked && (
        <div className="public-booking-url">
          <a href={url} target="_blank" rel="noreferrer">
            {url}
          </a>
          <CopyButton text={url} label={t('providers.profile.copyAddress')} />
        </div>
      )}
    </div>
  );
}

/** A short list of words as removable chips: type one and press Enter (or Add). */
function ChipsInput({
  label,
  chosenLabel,
  addKey,
  values,
  onChange,
  max,
  hint,
  error,
  suggestions,
  describe,
  check,
}: {
  label: string;
  /** Names the list of chosen values ("Chosen languages"). */
  chosenLabel: string;
  /** The key of the Add button's words, `<sr>` around what only a screen reader hears. */
  addKey: string;
  values: string[];
  onChange: (values: string[]) => void;
  max: number;
  hint: string;
  error?: string | undefined;
  suggestions?: string[];
  describe?: (value: string) => string;
  /** What is wrong with a value: the key of its words, or null. */
  check: (value: string) => string | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  // Kept as a key (and the value it names), said while rendering in the language shown then.
  const [problem, setProblem] = useState<{ key: string; value: string } | null>(null);
  const full = values.length >= max;
  const add = () => {
    const value = text.trim();
    if (!value) return;
    const bad = check(value);
    if (bad) return setProblem({ key: bad, value });
    const listed = values.some((v) => v.toLowerCase() === value.toLowerCase());
    if (listed) return setProblem({ key: 'providers.profile.alreadyListed', value });
    onChange([...values, value]);
    setText('');
    setProblem(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };
  const shown = problem ? t(problem.key, { value: problem.value }) : error;
  return (
    <div className={`field chips-input${shown ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {values.length > 0 && (
        <ul className="chip-list" aria-label={chosenLabel}>
          {values.map((v) => (
            <li key={v} className="chip">
              {describe ? `${describe(v)} (${v})` : v}
              <button
                type="button"
                className="chip-remove"
                onClick={() => onChange(values.filter((x) => x !== v))}
              >
                <Icon name="close" />
                <span className="sr-only">
                  {t('providers.profile.remove', { value: describe ? describe(v) : v })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="chips-input-row">
        <input
          id={id}
          className="input"
          value={text}
          disabled={full}
          list={suggestions ? `${id}-list` : undefined}
          aria-invalid={shown ? true : undefined}
          aria-describedby={`${id}-hint${shown ? ` ${id}-error` : ''}`}
          onChange={(event) => {
            setText(event.target.value);
            setProblem(null);
          }}
          onKeyDown={onKeyDown}
        />
        <Button variant="secondary" disabled={full || text.trim() === ''} onClick={add}>
          <Trans i18nKey={addKey} components={{ sr: <span className="sr-only" /> }} />
        </Button>
      </div>
      {suggestions && (
        <datalist id={`${id}-list`}>
          {suggestions.map((s) => (
            <option key={s} value={s}>
              {describe?.(s)}
            </option>
          ))}
        </datalist>
      )}
      <p className="field-hint" id={`${id}-hint`}>
        {full ? t('providers.profile.full', { max }) : hint}
      </p>
      {shown && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {shown}
        </p>
      )}
    </div>
  );
}
