import { describe, expect, it } from 'vitest';
import { AppError, Errors } from '../errors.js';
import { localizedMessage } from '../plugins/error-handler.js';
import { negotiatedLocale } from './request-locale.js';
import {
  formatMinutes,
  formatUtc,
  formatWallTime,
  recipientLocale,
  texts,
  translator,
} from './translator.js';

const START = Date.UTC(2026, 11, 1, 9, 0); // Tuesday 1 December 2026, 09:00 UTC

describe('the server catalogues', () => {
  it('pluralizes by each language’s rules (Ukrainian one, few, many)', () => {
    const subject = (locale: string, count: number) =>
      texts(locale, 'mail.digest.subject', { count, workspace: 'Acme' });
    expect([1, 2, 5].map((n) => subject('en', n))).toEqual([
      '1 unread message on Acme',
      '2 unread messages on Acme',
      '5 unread messages on Acme',
    ]);
    expect([1, 3, 5, 21].map((n) => subject('uk', n))).toEqual([
      '1 непрочитане повідомлення у Acme',
      '3 непрочитані повідомлення у Acme',
      '5 непрочитаних повідомлень у Acme',
      '21 непрочитане повідомлення у Acme',
    ]);
    expect([1, 2].map((n) => subject('de', n))).toEqual([
      '1 ungelesene Nachricht bei Acme',
      '2 ungelesene Nachrichten bei Acme',
    ]);
  });

  it('has the push and digest texts other parts use, filled in', () => {
    expect(texts('de', 'push.call.body.room', { room: 'Team' })).toBe('Videoanruf in Team');
    expect(texts('uk', 'push.call.title', { caller: 'Bob' })).toBe('Bob дзвонить');
    expect(texts('en', 'mail.digest.subject', { count: 3, workspace: 'Acme' })).toBe(
      '3 unread messages on Acme',
    );
    expect(texts('uk', 'mail.missedCall.subject', { caller: 'Bob' })).toBe('Пропущений дзвінок від Bob');
  });

  it('takes unknown or missing languages as English', () => {
    expect(recipientLocale('fr')).toBe('en');
    expect(recipientLocale(null)).toBe('en');
    expect(translator(undefined).locale).toBe('en');
    expect(negotiatedLocale('fr-FR, de;q=0.5')).toBe('de');
    expect(negotiatedLocale(undefined)).toBe('en');
  });

  it('formats times and durations through Intl in the recipient’s language', () => {
    expect(formatUtc(START, 'en')).toBe('09:00 UTC on 1 December 2026');
    expect(formatUtc(START, 'uk')).toBe('1 грудня 2026 р. о 09:00 UTC');
    expect(formatUtc(START, 'de')).toBe('1. Dezember 2026 um 09:00 UTC');
    expect(formatWallTime(START, 'en', 'Europe/Kyiv')).toBe('Tuesday 1 December 2026, 11:00');
    expect(formatWallTime(START, 'de', 'Europe/Berlin')).toBe('Dienstag, 1. Dezember 2026 um 10:00');
    expect(formatWallTime(START, 'en', 'Not/AZone')).toBeNull();
    expect([15, 60, 90, 1440, 2880].map((m) => formatMinutes(m, 'en'))).toEqual([
      '15 minutes',
      '1 hour',
      '1 hour 30 minutes',
      '24 hours',
      '2 days',
    ]);
    expect([1, 60, 2880].map((m) => formatMinutes(m, 'uk'))).toEqual(['1 хвилину', '1 годину', '2 дні']);
    expect([15, 2880].map((m) => formatMinutes(m, 'de'))).toEqual(['15 Minuten', '2 Tagen']);
  });
});

describe('error messages by language', () => {
  it('keeps English as made, translates catalogue errors with their values, never changes the code', () => {
    const taken = Errors.usernameTaken('ada');
    expect(taken.message).toBe('The username "ada" is taken');
    expect(localizedMessage(taken, 'en')).toBe('The username "ada" is taken');
    expect(localizedMessage(taken, 'uk')).toBe('Ім’я користувача «ada» уже зайняте');
    expect(localizedMessage(taken, 'de')).toBe('Der Benutzername „ada“ ist vergeben');
    expect(taken.code).toBe('username_taken');
    expect(localizedMessage(Errors.rateLimited(1.2), 'de')).toBe(
      'Zu viele Versuche; versuchen Sie es in 2 s noch einmal',
    );
  });

  it('translates the specific message a call site names, not only its code’s general one', () => {
    const specific = Errors.conflict('clientHasAccount');
    expect(specific.message).toBe('The client has an account: they sign in, no link is needed');
    expect(localizedMessage(specific, 'en')).toBe(specific.message);
    expect(localizedMessage(specific, 'uk')).toBe(
      'Клієнт має обліковий запис: він входить сам, посилання не потрібне',
    );
    expect(localizedMessage(specific, 'de')).toBe(
      'Der Klient hat ein Konto: Er meldet sich an, ein Link ist nicht nötig',
    );
  });

  it('gives an error made outside the catalogue (a framework’s own 4xx) the code’s general message', () => {
    const outside = new AppError(409, 'conflict', 'Something a library said');
    expect(localizedMessage(outside, 'en')).toBe('Something a library said');
    expect(localizedMessage(outside, 'uk')).toBe(translator('uk').t('error.code.conflict'));
    expect(localizedMessage(outside, 'de')).toBe(translator('de').t('error.code.conflict'));
  });

  it('has a general message in every language for every code the catalogue makes', () => {
    const made = Object.values(Errors)
      .map((make) => {
        try {
          return (make as (...args: unknown[]) => AppError)([], 'x', 1);
        } catch {
          return null;
        }
      })
      .filter((e): e is AppError => e instanceof AppError);
    expect(made.length).toBeGreaterThan(40);
    for (const error of made) {
      for (const locale of ['uk', 'de'] as const) {
        expect(translator(locale).has(`error.code.${error.code}`), `${error.code} in ${locale}`).toBe(true);
      }
    }
  });
});
