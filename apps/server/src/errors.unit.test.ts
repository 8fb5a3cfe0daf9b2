import { describe, expect, it } from 'vitest';
import { Errors, localizedMessage } from './errors.js';
import { describeRefusal } from './modules/providers/index.js';
import type { Availability } from '@parley/shared';

const availability = { minNoticeMinutes: 120, horizonDays: 30 } as Availability;

describe('catalogue errors named by their call sites (issue 21)', () => {
  it('keeps the English wording exactly as the sentences were built before', () => {
    expect(
      Errors.consultationState('transitionRefused', { status: 'held', action: 'givenNewTime' }).message,
    ).toBe('This consultation is waiting to be confirmed, so it cannot be given a new time');
    expect(Errors.consultationState('joinEnded', { status: 'ended' }).message).toBe(
      'This consultation has ended, so it cannot be joined',
    );
    expect(Errors.consultationState('noProposedTime', { action: 'decline' }).message).toBe(
      'There is no proposed time to decline',
    );
    const notice = describeRefusal('notice', availability, 'Dr Ada');
    expect(Errors.slotUnavailable(notice.name, notice.values).message).toBe(
      "Dr Ada needs at least 2 hours' notice; choose a later slot",
    );
    const oneHour = describeRefusal('notice', { ...availability, minNoticeMinutes: 60 }, 'Dr Ada');
    expect(Errors.slotUnavailable(oneHour.name, oneHour.values).message).toBe(
      "Dr Ada needs at least 1 hour' notice; choose a later slot",
    );
    const hours = describeRefusal('hours', availability, 'Dr Ada');
    expect(Errors.slotUnavailable(hours.name, hours.values).message).toBe(
      "That time is not one of Dr Ada's free slots; choose one from the list",
    );
    expect(
      Errors.joinWindowClosed('joinOpensAt', { lead: 1 }, { opens: Date.UTC(2026, 11, 1, 8, 50) }).message,
    ).toBe('This consultation opens for joining at 08:50 UTC on 1 December 2026, 1 minute before it starts');
    expect(
      Errors.joinWindowClosed('joinOpensAt', { lead: 0 }, { opens: Date.UTC(2026, 11, 1, 8, 50) }).message,
    ).toBe('This consultation opens for joining at 08:50 UTC on 1 December 2026, when it starts');
    expect(Errors.forbidden('endCallForEveryone').message).toBe(
      "Only the caller and the room's owners and moderators can end a call for everyone",
    );
    expect(Errors.authenticationRequired('guestSecretMissing').message).toBe(
      'Send the secret your join answered with, as "Authorization: Guest <secret>"',
    );
    expect(Errors.notFound('identityProviderNotFound').message).toBe('The identity provider does not exist');
    expect(Errors.invalidField('memberIds', 'directTooMany', { max: 8 }).details).toEqual([
      { path: 'memberIds', message: 'A direct message holds at most 8 people' },
    ]);
  });

  it('translates the specific message, with plurals, selects and instants in the language answered in', () => {
    const refused = Errors.consultationState('transitionRefused', { status: 'finished', action: 'canceled' });
    expect(localizedMessage(refused, 'uk')).toBe('Ця консультація завершилася, тому її не можна скасувати');
    expect(localizedMessage(refused, 'de')).toBe(
      'Diese Beratung ist beendet und kann daher nicht abgesagt werden',
    );
    const opens = Errors.joinWindowClosed(
      'joinOpensAt',
      { lead: 5 },
      { opens: Date.UTC(2026, 11, 1, 8, 50) },
    );
    expect(localizedMessage(opens, 'uk')).toBe(
      'Приєднатися до цієї консультації можна буде з 1 грудня 2026 р. о 08:50 UTC, за 5 хвилин до початку',
    );
    expect(localizedMessage(opens, 'de')).toBe(
      'Dieser Beratung können Sie ab 1. Dezember 2026 um 08:50 UTC beitreten, 5 Minuten vor Beginn',
    );
    expect(localizedMessage(Errors.conflict('tooManyParticipants', { max: 3 }), 'uk')).toBe(
      'У консультації може бути щонайбільше 3 інші учасники',
    );
  });
});
