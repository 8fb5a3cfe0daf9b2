import { LOCALE_NAMES, LOCALES, isLocale } from '@parley/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserOrStoredLocale, setLocale, storeLocale, storedLocale } from '../../i18n';

/**
 * The sign-in pages' language picker, for people not signed in: it changes only this browser's
 * interface (kept in localStorage); a signed-in person's own choice, on the profile, wins over it.
 */
export function LanguagePicker() {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState<string>(storedLocale() ?? '');

  return (
    <div className="auth-language">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        className="input select"
        value={value}
        onChange={(event) => {
          const chosen = isLocale(event.target.value) ? event.target.value : null;
          storeLocale(chosen);
          setValue(chosen ?? '');
          void setLocale(browserOrStoredLocale());
        }}
      >
        <option value="">{t('language.browser')}</option>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}
