import { OIDC_ERRORS } from '@parley/shared';
import { t } from '../../i18n';

/**
 * The sentence for an `sso_error` code (`/login?sso_error=<code>`: why a sign-in through an identity
 * provider did not finish); unknown codes get a general one, so nothing is left unexplained.
 */
export function ssoErrorMessage(code: string): string {
  return (OIDC_ERRORS as readonly string[]).includes(code) ? t(`auth.sso.${code}`) : t('auth.sso.unknown');
}
