import { ClaimMappingSchema } from '@parley/shared';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../lib/password.js';
import { NO_PASSWORD } from './accounts.js';
import { providerDidMfa, readPerson, rolesFromGroups, usernameBase } from './claims.js';
import { isAllowedIssuer } from './oidc-client.js';
import { safeReturnTo } from './oidc-sign-in.service.js';

describe('single sign-on rules', () => {
  it('counts the provider’s MFA only when amr or acr says more than a password was used', () => {
    expect(providerDidMfa({ amr: ['pwd'] })).toBe(false);
    expect(providerDidMfa({})).toBe(false);
    expect(providerDidMfa({ amr: 'otp' })).toBe(false);
    for (const amr of [['pwd', 'otp'], ['mfa'], ['hwk'], ['PWD', 'FPT']]) {
      expect(providerDidMfa({ amr })).toBe(true);
    }
    expect(providerDidMfa({ acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' })).toBe(
      true,
    );
    expect(providerDidMfa({ acr: 'urn:example:mfa' })).toBe(true);
    expect(providerDidMfa({ acr: '1' })).toBe(false);
  });

  it('gives roles from groups: admin and provider independently, nothing matching gives neither', () => {
    const rules = { admins: 'admin', clinic: 'provider', all: 'member' } as const;
    expect(rolesFromGroups(['admins', 'clinic'], rules)).toEqual({ role: 'admin', provider: true });
    expect(rolesFromGroups(['all'], rules)).toEqual({ role: 'user', provider: false });
    expect(rolesFromGroups(['unknown'], rules)).toEqual({ role: 'user', provider: false });
    // A group named like an object's own property is just a group.
    expect(rolesFromGroups(['constructor', '__proto__'], rules)).toEqual({ role: 'user', provider: false });
  });

  it('makes valid usernames from what providers send', () => {
    expect(usernameBase('Zoë.Müller', null)).toBe('zoe.muller');
    expect(usernameBase('alice@example.org', null)).toBe('alice');
    expect(usernameBase(null, 'bob@example.org')).toBe('bob');
    expect(usernameBase('__x', null)).toBe('user');
    expect(usernameBase('Ünïcödé Name!', null)).toBe('unicode-name');
    expect(usernameBase('a'.repeat(60), null)).toHaveLength(28);
  });

  it('reads only a strictly true email_verified as verified, and groups as strings', () => {
    const mapping = ClaimMappingSchema.parse({ groups: 'groups' });
    const person = readPerson(
      { sub: 's', email: 'A@B.org', email_verified: 'true', groups: ['x', 3, null, 'y'] },
      mapping,
    );
    expect(person).toMatchObject({ email: 'a@b.org', emailVerified: false, groups: ['x', 'y'] });
    expect(readPerson({ sub: 's', email: 'not-an-address' }, mapping).email).toBeNull();
    expect(readPerson({ sub: 's' }, ClaimMappingSchema.parse({})).groups).toBeNull();
  });

  it('redirects only to paths on this site', () => {
    expect(safeReturnTo('/rooms/1?x=2', '/')).toBe('/rooms/1?x=2');
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'rooms',
      undefined,
      3,
      '/a\nb',
    ]) {
      expect(safeReturnTo(bad, '/')).toBe('/');
    }
  });

  it('allows plain http issuers only on this machine', () => {
    expect(isAllowedIssuer('https://sso.example.org/realms/x')).toBe(true);
    expect(isAllowedIssuer('http://127.0.0.1:8080')).toBe(true);
    expect(isAllowedIssuer('http://localhost:8080')).toBe(true);
    expect(isAllowedIssuer('http://sso.example.org')).toBe(false);
    expect(isAllowedIssuer('http://127.0.0.1.evil.example')).toBe(false);
  });

  it('stores a password marker that no password matches, without throwing', async () => {
    await expect(verifyPassword('!sso', NO_PASSWORD)).resolves.toBe(false);
    await expect(verifyPassword('', NO_PASSWORD)).resolves.toBe(false);
  });
});
