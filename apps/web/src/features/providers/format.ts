import { t } from '../../i18n';
export { languageName } from '../../i18n/format';

/** "50-minute sessions" */
export function sessionLength(minutes: number): string {
  return t('providers.sessionLength', { minutes });
}
