import { describe, expect, it } from 'vitest';
import { IdentityProviderCreateRequestSchema } from './identity.js';

const messages = (input: unknown) => {
  const parsed = IdentityProviderCreateRequestSchema.safeParse(input);
  return parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('IdentityProviderCreateRequestSchema', () => {
  it('says in plain words what each required field needs', () => {
    expect(
      messages({ name: 'Acme ID', issuer: 'login.example.org', clientId: ' ', clientSecret: '' }),
    ).toEqual({
      issuer: 'Enter the issuer URL, like https://login.example.org/realms/staff',
      clientId: 'Enter the client ID the provider gave you',
      clientSecret: 'Enter the client secret the provider gave you',
    });
  });

  it('takes an http(s) issuer with the default scopes, and refuses scopes without openid', () => {
    const ok = IdentityProviderCreateRequestSchema.parse({
      name: 'Acme ID',
      issuer: 'https://login.example.org/realms/staff',
      clientId: 'parley',
      clientSecret: 'secret',
    });
    expect(ok.scopes).toEqual(['openid', 'profile', 'email']);
    expect(messages({ ...ok, issuer: 'ftp://login.example.org' }).issuer).toMatch(/issuer URL/);
    expect(messages({ ...ok, scopes: ['profile'] }).scopes).toBe('The scopes must include openid');
  });
});
