import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { WebAuthnResponse } from '@parley/shared';
import type { MfaFactorRow } from './mfa.repository.js';

/** Who we are to authenticators: rpID is PUBLIC_URL's host name, the origin its origin. */
export interface RelyingParty {
  id: string;
  origin: string;
}

export function relyingPartyFor(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin };
}

/** Checks a challenge that came back (and takes it: a challenge works once). */
export type ChallengeCheck = (challenge: string) => Promise<boolean>;

const transportsOf = (row: MfaFactorRow): AuthenticatorTransportFuture[] | undefined =>
  row.transports ? (JSON.parse(row.transports) as AuthenticatorTransportFuture[]) : undefined;

/** @simplewebauthn/server, with Parley's choices; every failure is `null`, never a throw. */
export class WebAuthn {
  constructor(private readonly rp: RelyingParty) {}

  registrationOptions(input: {
    rpName: string;
    userId: string;
    userName: string;
    displayName: string;
    existing: MfaFactorRow[];
  }) {
    return generateRegistrationOptions({
      rpName: input.rpName,
      rpID: this.rp.id,
      userID: new TextEncoder().encode(input.userId),
      userName: input.userName,
      userDisplayName: input.displayName,
      attestationType: 'none',
      excludeCredentials: input.existing
        .filter((f) => f.credential_id)
        .map((f) => ({ id: f.credential_id!, transports: transportsOf(f) })),
      // Discoverable, so the same passkey also signs in without a username.
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
  }

  async verifyRegistration(response: WebAuthnResponse, check: ChallengeCheck) {
    try {
      const result = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: check,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: false,
      });
      if (!result.verified) return null;
      const { credential } = result.registrationInfo;
      return {
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: credential.transports ?? [],
      };
    } catch {
      return null;
    }
  }

  /** Options for signing in: the given passkeys, or (none given) any discoverable one. */
  authenticationOptions(factors: MfaFactorRow[] | null) {
    return generateAuthenticationOptions({
      rpID: this.rp.id,
      ...(factors
        ? {
            allowCredentials: factors
              .filter((f) => f.credential_id)
              .map((f) => ({ id: f.credential_id!, transports: transportsOf(f) })),
            userVerification: 'preferred' as const,
          }
        : { userVerification: 'required' as const }),
    });
  }

  /** The new signature counter when the assertion is good for this passkey, else null. */
  async verifyAuthentication(
    assertion: WebAuthnResponse,
    factor: MfaFactorRow,
    check: ChallengeCheck,
    requireUserVerification: boolean,
  ): Promise<number | null> {
    try {
      const result = await verifyAuthenticationResponse({
        response: assertion as unknown as AuthenticationResponseJSON,
        expectedChallenge: check,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        credential: {
          id: factor.credential_id!,
          publicKey: Buffer.from(factor.public_key!, 'base64url'),
          counter: Number(factor.sign_count),
          transports: transportsOf(factor),
        },
        requireUserVerification,
      });
      return result.verified ? result.authenticationInfo.newCounter : null;
    } catch {
      return null;
    }
  }
}
