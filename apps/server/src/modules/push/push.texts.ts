/**
 * The words a push shows, by key, in the recipient's language. The server's i18n layer provides
 * the real function (catalogues in every shipped language); until it is wired in, these English
 * texts are used. Values fill `{name}` placeholders.
 */
export type PushTexts = (
  locale: string,
  key: PushTextKey,
  values?: Record<string, string | number>,
) => string;

export const PUSH_TEXTS_EN = {
  /** An incoming call: who calls. */
  'push.call.title': '{caller} is calling',
  /** …in a direct conversation. */
  'push.call.body.direct': 'Video call',
  /** …in a room. */
  'push.call.body.room': 'Video call in {room}',
  /** A direct message. */
  'push.message.title': 'New message from {sender}',
  /** Its body when previews are off. */
  'push.message.body.hidden': 'Open Parley to read it',
  /** A mention in a room. */
  'push.mention.title': '{sender} mentioned you',
  'push.mention.body.hidden': 'In {room}',
  /** A consultation starts soon. */
  'push.consultation.reminder.title': 'Your consultation starts in {minutes} min',
  'push.consultation.reminder.body': 'Open it to join when it starts',
  /** The other party canceled a consultation. */
  'push.consultation.canceled.title': 'A consultation was canceled',
  'push.consultation.canceled.body': 'Open it to see the details',
} as const;

export type PushTextKey = keyof typeof PUSH_TEXTS_EN;

/** English whatever the locale: the default until the server's i18n layer is wired in. */
export const englishPushTexts: PushTexts = (_locale, key, values = {}) =>
  PUSH_TEXTS_EN[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
