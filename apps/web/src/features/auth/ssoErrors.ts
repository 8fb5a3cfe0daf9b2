import type { OidcError } from '@parley/shared';
import { t } from '../../i18n';

const SSO_ERRORS: readonly OidcError[] = [
  'state_invalid',
  'code_rejected',
  'nonce_mismatch',
  'email_unverified',
  'email_missing',
  'domain_not_allowed',
  'provider_unreachable',
  'provider_disabled',
  'no_account',
  'account_deactivated',
  'already_linked',
  'provider_error',
];

/**
 * The sentence for an `sso_error` code (`/login?sso_error=<code>`: why a sign-in through an identity
 * provider did not finish); unknown codes get a general one, so nothing is left unexplained.
 */
export function ssoErrorMessage(code: string): string {
  return (SSO_ERRORS as readonly string[]).includes(code) ? t(`auth.sso.${code}`) : t('auth.sso.unknown');
}
