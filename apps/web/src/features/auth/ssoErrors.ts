import type { OidcError } from '@parley/shared';

/** Why a sign-in through an identity provider did not finish (`/login?sso_error=<code>`), one sentence each. */
const SSO_ERRORS: Record<OidcError, string> = {
  state_invalid:
    'That sign-in expired, was already used or was started in another browser, so it was refused; start again from this page.',
  code_rejected:
    'Your organisation’s sign-in did not accept Parley’s request to finish signing you in; start again from this page.',
  nonce_mismatch:
    'The answer from your organisation’s sign-in did not belong to this sign-in, so Parley refused it; start again from this page.',
  email_unverified:
    'Your organisation’s sign-in did not confirm your e-mail address, so it cannot be linked to an existing account.',
  email_missing:
    'Your organisation’s sign-in did not share an e-mail address, which Parley needs to find or create your account.',
  domain_not_allowed: 'Your e-mail address is not in a domain this workspace accepts for single sign-on.',
  provider_unreachable:
    'Parley could not reach your organisation’s sign-in service; try again in a few minutes.',
  provider_disabled: 'An administrator has turned off this way of signing in.',
  no_account:
    'There is no Parley account for you yet and this sign-in does not create one; ask an administrator to add you.',
  account_deactivated:
    'Your Parley account has been deactivated; ask an administrator if you think that is a mistake.',
  already_linked: 'That account at your organisation is already linked to another Parley account.',
  provider_error:
    'Your organisation’s sign-in reported a problem and did not sign you in; try again, or ask an administrator.',
};

/** The sentence for an `sso_error` code; unknown codes get a general one, so nothing is left unexplained. */
export function ssoErrorMessage(code: string): string {
  return Object.hasOwn(SSO_ERRORS, code)
    ? SSO_ERRORS[code as OidcError]
    : 'Signing in through your organisation did not work; start again from this page.';
}
