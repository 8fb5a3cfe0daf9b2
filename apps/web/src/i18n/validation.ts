import { currentLocale, i18n } from './index';

/**
 * Form validation in the interface's language (issue 21). The web app checks forms with the same
 * zod schemas as the server (`@parley/shared`), whose own messages are English, as the API answers
 * them. Here: zod's built-in messages follow the language (`z.config` with zod's uk/de locales), and
 * the schemas' own wording is looked up by its English text in the `validation` catalogue. A message
 * not known here stays as the schema wrote it (validation.test.ts keeps the table in step with the
 * schemas).
 */

/** The schemas' own messages (English, exactly as in packages/shared) → their catalogue keys. */
export const SCHEMA_MESSAGES: Record<string, string> = {
  'Enter your username': 'enterUsername',
  'Enter your password': 'enterPassword',
  'Name the token after what uses it': 'nameToken',
  'Choose at least one scope': 'chooseScope',
  'List each scope once': 'scopeOnce',
  'Use a date such as 2026-11-23 or an ISO time': 'dateOrTime',
  'Names have at least 2 characters': 'roomNameMin',
  'Names have at most 48 characters': 'roomNameMax',
  'Use lowercase letters, digits, dots, dashes or underscores': 'roomNameChars',
  'One emoji': 'oneEmoji',
  'Add at most 200 people at once': 'atMost200People',
  'Name at least one person': 'atLeastOnePerson',
  'Attach each file once': 'attachOnce',
  'A message cannot be empty': 'messageEmpty',
  'Choose a timezone': 'chooseTimezone',
  'Use an IANA timezone such as Europe/Berlin': 'ianaTimezone',
  'Use HH:MM on a 5-minute grid (00:00–24:00)': 'fiveMinuteGrid',
  'Use a date like 2026-12-24': 'localDate',
  'Use a language code such as en or pt-BR': 'languageCode',
  'Use a date such as 2026-11-23 or an ISO instant such as 2026-11-23T09:00:00.000Z': 'dateOrInstant',
  'A media type such as image/* or application/pdf': 'mediaType',
  'Enter a domain like example.org': 'domain',
  'The scopes must include openid': 'scopesOpenid',
  'The issuer URL has at most 512 characters': 'issuerMax',
  'Enter the client ID the provider gave you': 'enterClientId',
  'The client ID has at most 256 characters': 'clientIdMax',
  'Enter the client secret the provider gave you': 'enterClientSecret',
  'The client secret has at most 1024 characters': 'clientSecretMax',
  'Enter your username or e-mail address': 'enterUsernameOrEmail',
  'Enter the code from your app or a recovery code': 'enterCode',
  'That code is too long': 'codeTooLong',
  'Name the passkey': 'namePasskey',
  'Use a time such as 22:00': 'timeOfDay',
  'Choose at least one day': 'chooseDay',
  'Each day once': 'dayOnce',
  'At most 50 people may ring through': 'allowFromMax',
  'Wait at least 5 minutes': 'digestMin',
  'Wait at most a day': 'digestMax',
  'Ring for at least 5 s': 'ringMin',
  'Ring for at most 300 s': 'ringMax',
  'Use at least 24 characters (Generate makes a strong one)': 'secretLength',
  'Usernames have at least 2 characters': 'usernameMin',
  'Usernames have at most 32 characters': 'usernameMax',
  'Use letters, digits, dots, dashes or underscores, starting with a letter or digit': 'usernameChars',
  'Passwords have at least 10 characters': 'passwordMin',
  'Passwords have at most 256 characters': 'passwordMax',
  'Enter a valid email address': 'email',
};

/** What `humanTextSchema(what, max)` calls its field (packages/shared users.ts) → catalogue keys. */
export const TEXT_FIELDS: Record<string, string> = {
  'The workspace name': 'workspaceName',
  'A room name': 'roomName',
  'A topic': 'topic',
  'A speciality': 'speciality',
  'A nickname': 'nickname',
  'The name': 'name',
  'A device name': 'deviceName',
  'A display name': 'displayName',
  'A name': 'name',
};

/** humanTextSchema's rules, as `<field> <rule>`. */
const TEXT_RULES: [RegExp, string][] = [
  [/^is required$/, 'required'],
  [/^has at most (\d+) characters$/, 'max'],
  [/^contains text that is not valid Unicode$/, 'unicode'],
  [/^cannot contain control characters$/, 'control'],
  [/^cannot contain text-direction override characters$/, 'bidi'],
  [/^needs at least one visible character$/, 'visible'],
];

/** A schema's message in the interface's language, when the catalogue knows it. */
export function localizedValidation(message: string): string {
  if (currentLocale() === 'en') return message;
  const key = SCHEMA_MESSAGES[message];
  if (key !== undefined) return i18n.t(`validation.${key}`);
  for (const [what, field] of Object.entries(TEXT_FIELDS)) {
    if (!message.startsWith(`${what} `)) continue;
    const rest = message.slice(what.length + 1);
    for (const [pattern, rule] of TEXT_RULES) {
      const match = pattern.exec(rest);
      if (!match) continue;
      return i18n.t(`validation.text.${rule}`, {
        field: i18n.t(`validation.field.${field}`),
        max: Number(match[1] ?? 0),
      });
    }
  }
  return message;
}
