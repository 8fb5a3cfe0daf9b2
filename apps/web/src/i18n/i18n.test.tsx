import { render, screen } from '@testing-library/react';
import { useTranslation } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fullDateTime } from '../features/chat';
import { offsetBetween, untilText } from '../lib/zonedTime';
import { formatNumber } from './format';
import { browserLocale, browserOrStoredLocale, currentLocale, i18n, setLocale, storeLocale } from './index';

function stubLanguages(languages: string[]) {
  vi.stubGlobal('navigator', { ...navigator, languages, language: languages[0] ?? '' });
}

describe('i18n', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('starts tests in English and keeps <html lang dir> in step with the language', async () => {
    expect(currentLocale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    await setLocale('uk');
    expect(document.documentElement.lang).toBe('uk');
    expect(document.documentElement.dir).toBe('ltr');
    expect(i18n.t('time.today')).toBe('Сьогодні');
  });

  it('uses the plural forms of each language (Ukrainian one/few/many)', async () => {
    const days = (count: number) => i18n.t('time.until.days', { count });
    expect(days(1)).toBe('in 1 day');
    expect(days(3)).toBe('in 3 days');
    await setLocale('uk');
    expect([1, 3, 5, 21, 22, 25].map(days)).toEqual([
      'через 1 день',
      'через 3 дні',
      'через 5 днів',
      'через 21 день',
      'через 22 дні',
      'через 25 днів',
    ]);
    await setLocale('de');
    expect(days(1)).toBe('in 1 Tag');
    expect(days(4)).toBe('in 4 Tagen');
  });

  it('writes numbers, dates and relative times in the interface language', async () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    await setLocale('de');
    expect(formatNumber(12345.5)).toBe('12.345,5');
    expect(untilText('2026-12-07T13:00:00Z', now)).toBe('in 3 Std.');
    expect(offsetBetween('Europe/Berlin', 'Europe/London', '2026-12-07T10:00:00Z')).toBe('1 Std. voraus');
    expect(fullDateTime('2026-12-07T10:00:00Z')).toMatch(/Montag, 7\. Dezember 2026/);
    await setLocale('en');
    expect(formatNumber(12345.5)).toBe('12,345.5');
    expect(offsetBetween('Asia/Kolkata', 'UTC', '2026-12-07T10:00:00Z')).toBe('5 h 30 min ahead');
  });

  it("follows the browser's languages in order, then English", () => {
    stubLanguages(['fr-FR', 'de-AT', 'uk']);
    expect(browserLocale()).toBe('de');
    stubLanguages(['uk-UA', 'en']);
    expect(browserLocale()).toBe('uk');
    stubLanguages(['fr', 'es']);
    expect(browserLocale()).toBe('en');
  });

  it("prefers what the sign-in page's picker stored over the browser's language", () => {
    stubLanguages(['de']);
    expect(browserOrStoredLocale()).toBe('de');
    storeLocale('uk');
    expect(browserOrStoredLocale()).toBe('uk');
    storeLocale(null);
    expect(browserOrStoredLocale()).toBe('de');
  });

  it('re-renders components when the language changes', async () => {
    function Today() {
      const { t } = useTranslation();
      return <p>{t('time.today')}</p>;
    }
    render(<Today />);
    screen.getByText('Today');
    await setLocale('de');
    await screen.findByText('Heute');
  });
});
