export { localeOf, negotiatedLocale } from './request-locale.js';
export {
  formatClock,
  formatDateTime,
  formatMinutes,
  formatWallTime,
  formatUtc,
  recipientLocale,
  texts,
  translator,
  type TextValues,
  type Translator,
} from './translator.js';
