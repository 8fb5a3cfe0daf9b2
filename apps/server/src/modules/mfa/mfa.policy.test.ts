import type { SecurityEvent } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.js';
import { setUpAdmin, signedInUser, type Person } from '../../test/factories.js';
import { fixedClock } from '../../test/fakes.js';
import { enrollPasskey, enrollTotp, passwordStep, totpCode } from '../../test/mfa.js';
import { connectSocket, listening } from '../../test/sockets.js';
import { createTestApp, TestClient, type TestApp } from '../../test/test-app.js';

const DAY = 24 * 60 * 60_000;

/** The administrator's side: requiring a second factor, password sign-in off, resetting factors. */
describe.each(DATABASE_KINDS)('second-factor policy (%s)', (kind) => {
  const clock = fixedClock('2026-12-07T10:00:00.000Z');
  let app: TestApp;
  let admin: Person;
  let adminSecret: string;

  beforeAll(async () => {
    app = await createTestApp(kind, {}, { clock });
    admin = await setUpAdmin(app);
  });
  afterAll(async () => app.close());

  const now = () => clock.now().getTime();
  const stepUp = async (client: TestClient, secret: string) => {
    clock.advance(30_000);
    expect((await client.post('/api/v1/me/mfa/verify', { code: totpCode(secret, now()) })).statusCode).toBe(
      204,
    );
  };
  const security = (client: TestClient, body: Record<string, unknown>) =>
    client.patch('/api/v1/admin/settings', { security: body });

  it('refuses a policy that covers the administrator until they have a factor, then asks for a recent one', async () => {
    const refused = await security(admin.client, { requireMfa: 'admins' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/covers you/);
    // A policy that does not cover them is fine without a factor.
    expect((await security(admin.client, { mfaGraceDays: 2 })).statusCode).toBe(200);

    ({ secret: adminSecret } = await enrollTotp(app, admin.client));
    const stale = await security(admin.client, { requireMfa: 'everyone' });
    expect(stale.json().error.code).toBe('mfa_recent_required');
    // The other settings sections do not need it.
    expect(
      (await admin.client.patch('/api/v1/admin/settings', { workspace: { name: 'Acme' } })).statusCode,
    ).toBe(200);
    await stepUp(admin.client, adminSecret);
    const ok = await security(admin.client, { requireMfa: 'everyone' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().settings.security).toMatchObject({ requireMfa: 'everyone', mfaGraceDays: 2 });
  });

  it('gives people without a factor a grace period, then limits their session to setting one up', async () => {
    const person = await signedInUser(app);
    const signedInAt = now();
    const enrollBy = new Date(signedInAt + 2 * DAY).toISOString();
    const session = await person.client.get('/api/v1/auth/session');
    expect(session.json().mfaSetup).toEqual({ enrollBy, blocked: false });
    expect((await person.client.get('/api/v1/rooms')).statusCode).toBe(200);
    expect((await person.client.get('/api/v1/me/mfa')).json()).toMatchObject({ required: true, enrollBy });

    clock.advance(2 * DAY + 1000);
    const late = await passwordStep(app, person.user.username);
    expect(late.res.json().mfaSetup).toEqual({ enrollBy, blocked: true });
    const blocked = await late.client.get('/api/v1/rooms');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_setup_required');
    expect((await late.client.post('/api/v1/me/tokens', { name: 'x' })).json().error.code).toBe(
      'mfa_setup_required',
    );
    expect((await late.client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await late.client.get('/api/v1/auth/session')).json().mfaSetup.blocked).toBe(true);
    // No live connection either.
    const url = await listening(app);
    await expect(connectSocket(url, { cookie: late.client.sessionCookieHeader })).rejects.toBeTruthy();

    const { secret } = await enrollTotp(app, late.client);
    expect((await late.client.get('/api/v1/rooms')).statusCode).toBe(200);
    expect((await late.client.get('/api/v1/auth/session')).json().mfaSetup).toBeNull();
    const socket = await connectSocket(url, { cookie: late.client.sessionCookieHeader });
    socket.close();
    // The next sign-in asks for it; the policy keeps the last factor.
    clock.advance(30_000);
    expect((await passwordStep(app, person.user.username)).res.json().mfaRequired).toBe(true);
    const { factors } = (await late.client.get('/api/v1/me/mfa')).json<{ factors: { id: string }[] }>();
    await stepUp(late.client, secret);
    const removal = await late.client.delete(`/api/v1/me/mfa/${factors[0]!.id}`);
    expect(removal.statusCode).toBe(409);
    expect(removal.json().error.message).toMatch(/requires a second factor/);
  });

  it('turns password sign-in off only with an active break-glass administrator', async () => {
    await stepUp(admin.client, adminSecret);
    const none = await security(admin.client, { passwordSignIn: false });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.message).toMatch(/breakGlassAdmins/);
    const member = await signedInUser(app);
    const notAdmin = await security(admin.client, {
      passwordSignIn: false,
      breakGlassAdmins: ['nobody-here', member.user.username],
    });
    expect(notAdmin.statusCode).toBe(409);
    const ok = await security(admin.client, {
      passwordSignIn: false,
      breakGlassAdmins: [admin.user.username],
    });
    expect(ok.statusCode).toBe(200);
    expect((await new TestClient(app).get('/api/v1/instance')).json().passwordSignIn).toBe(false);

    const refused = await passwordStep(app, member.user.username);
    expect(refused.res.statusCode).toBe(403);
    expect(refused.res.json().error.code).toBe('password_sign_in_disabled');
    // A wrong password is just wrong: nothing is said about the account.
    const wrong = await new TestClient(app).post('/api/v1/auth/login', {
      username: member.user.username,
      password: 'not the password',
    });
    expect(wrong.json().error.code).toBe('invalid_credentials');
    // The break-glass administrator still signs in with a password (and their second factor).
    clock.advance(30_000);
    const glass = await passwordStep(app, admin.user.username);
    expect(glass.res.json()).toEqual({ mfaRequired: true, methods: ['totp', 'recovery'] });
    expect(
      (await glass.client.post('/api/v1/auth/mfa', { code: totpCode(adminSecret, now()) })).statusCode,
    ).toBe(200);
    // Passkeys still sign anyone in.
    const passkeyPerson = member;
    const { authenticator } = await enrollPasskey(passkeyPerson.client);
    const browser = new TestClient(app);
    const options = (await browser.post('/api/v1/auth/passkey/options')).json().options;
    expect(
      (await browser.post('/api/v1/auth/passkey', { assertion: authenticator.assert(options) })).statusCode,
    ).toBe(200);

    // A reset link is no way around it: the member may not use a password, so the link sets none.
    const made = await glass.client.post(`/api/v1/admin/users/${member.user.id}/password-reset`);
    expect(made.statusCode).toBe(201);
    const token = new URL(made.json().resetUrl as string).hash.slice('#token='.length);
    const reset = await new TestClient(app).post('/api/v1/auth/password-reset', {
      token,
      newPassword: 'a brand new password',
    });
    expect(reset.statusCode).toBe(403);
    expect(reset.json().error.code).toBe('password_sign_in_disabled');

    await stepUp(glass.client, adminSecret);
    expect((await security(glass.client, { passwordSignIn: true })).statusCode).toBe(200);
  });

  it('lets an administrator reset someone’s factors (recorded; their sessions end)', async () => {
    await stepUp(admin.client, adminSecret);
    expect((await security(admin.client, { requireMfa: 'none' })).statusCode).toBe(200);
    const person = await signedInUser(app);
    await enrollTotp(app, person.client);
    clock.advance(31 * 60_000);
    const url = `/api/v1/admin/users/${person.user.id}/mfa/reset`;
    expect((await admin.client.post(url)).json().error.code).toBe('mfa_recent_required');
    await stepUp(admin.client, adminSecret);
    expect((await admin.client.post(url)).statusCode).toBe(204);
    expect((await person.client.get('/api/v1/me')).statusCode).toBe(401);
    const after = await passwordStep(app, person.user.username);
    expect(after.res.json().user.id).toBe(person.user.id);

    const events = (await admin.client.get(`/api/v1/admin/users/${person.user.id}/security-events`)).json<{
      events: SecurityEvent[];
    }>().events;
    expect(events.map((e) => e.kind)).toEqual(['mfa_reset', 'factor_added']);
    expect(events[0]!.actor).toEqual({
      id: admin.user.id,
      username: admin.user.username,
      displayName: 'Admin Person',
    });
    expect(events[1]!.actor?.id).toBe(person.user.id);
    const missing = '00000000-0000-7000-8000-000000000000';
    expect((await admin.client.post(`/api/v1/admin/users/${missing}/mfa/reset`)).statusCode).toBe(404);
    expect((await admin.client.get(`/api/v1/admin/users/${missing}/security-events`)).statusCode).toBe(404);
  });
});
