export { localeOf, negotiatedLocale } from './request-locale.js';
export {
  formatDateTime,
  formatUtc,
  recipientLocale,
  texts,
  translator,
  type TextValues,
  type Translator,
} from './translator.js';
