import { LOCALE_NAMES, LOCALES, isLocale, type Locale } from '@parley/shared';
import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { profileApi } from './profile.api';
import { useMe, useSession } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { Alert } from '../../components/Alert';
import { currentLocale, localeFor, setLocale } from '../../i18n';

const BROWSER = '';

/**
 * Profile → Language: the interface (and the server's e-mails and errors) in the chosen language, or
 * the browser's. The interface switches at once; the choice is saved with `PATCH /me { locale }`.
 */
export function LanguageSection() {
  const { t } = useTranslation();
  const me = useMe();
  const { setUser } = useSession();
  const id = useId();
  const [busy, setBusy] = useState(false);
  // The saved note is written at render time, so it is in the language just chosen.
  const [status, setStatus] = useState<{ tone: 'success' } | { tone: 'error'; text: string } | null>(null);

  const onChange = async (event: ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value;
    const chosen: Locale | null = isLocale(value) ? value : null;
    const before = currentLocale();
    setBusy(true);
    setStatus(null);
    await setLocale(localeFor(chosen));
    try {
      setUser(await profileApi.updateProfile({ locale: chosen }));
      setStatus({ tone: 'success' });
    } catch (error) {
      await setLocale(before);
      setStatus({ tone: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 className="card-title" id={`${id}-title`}>
        {t('profile.language.title')}
      </h2>
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {t('language.label')}
        </label>
        <select
          id={id}
          className="input select"
          value={me.locale ?? BROWSER}
          disabled={busy}
          aria-describedby={`${id}-hint`}
          onChange={(event) => void onChange(event)}
        >
          <option value={BROWSER}>{t('language.browser')}</option>
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
        <p className="field-hint" id={`${id}-hint`}>
          {t('profile.language.hint')}
        </p>
      </div>
      {status && (
        <Alert tone={status.tone} className="form-alert">
          {status.tone === 'success' ? t('profile.language.saved') : status.text}
        </Alert>
      )}
    </section>
  );
}
