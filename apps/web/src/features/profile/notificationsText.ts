import { t } from '../../i18n';

/**
 * The choices of Profile → Notifications that are lists rather than single messages. Their words are
 * in the catalogues (`profile.notifications.*`) and are looked up when shown, never kept here.
 */

/** The quick pauses of do not disturb, in the order of their buttons. */
export const PAUSES = ['hour', 'eightHours', 'tomorrow'] as const;
export type Pause = (typeof PAUSES)[number];

/** The days' keys by `Date.getDay()` (0 is Sunday). */
export const DAY_KEYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** How long unread mentions wait before an e-mail, as the select offers them (minutes, or never). */
const DIGEST_OPTIONS = [
  { value: 'never', key: 'never' },
  { value: '15', key: 'm15' },
  { value: '30', key: 'm30' },
  { value: '60', key: 'h1' },
  { value: '240', key: 'h4' },
  { value: '1440', key: 'day' },
] as const;

/** The digest select's options in the language shown, with `current` added when it is not one of them. */
export function digestOptions(current: number | null): { value: string; label: string }[] {
  const value = current === null ? 'never' : String(current);
  const options = DIGEST_OPTIONS.map((o) => ({
    value: o.value,
    label: t(`profile.notifications.digestOptions.${o.key}`),
  }));
  return options.some((o) => o.value === value)
    ? options
    : [...options, { value, label: t('profile.notifications.digestOther', { minutes: current ?? 0 }) }];
}
