/**
 * Issue 18, everything before a session exists, in Chromium against a Parley of its own (PUBLIC_URL on
 * `localhost`, as WebAuthn refuses an IP address; outgoing mail into an SMTP sink) and the real
 * OpenID provider of the server's tests (`oidc-provider`):
 * (a) "Sign in with <provider>" through the provider, and a refused sign-in explained on /login;
 * (b) a passkey registered through the API in Chromium's virtual authenticator, then used both as
 *     the second factor after a password and for a passwordless sign-in;
 * (c) a password that needs a TOTP code, computed here from the secret (RFC 6238);
 * (d) "Forgot password?": the form, its check, the confirmation, and the e-mailed link;
 * and the sign-in page with password sign-in off. axe-core checks each page; screenshots at 1280 and
 * 390 px go to e2e/artifacts (sign-in-*.png).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startSmtpSink, type SmtpSink } from '../../apps/server/src/test/smtp-sink.js';
import { addVirtualAuthenticator, currentTotpStep, totp } from '../authenticators.js';
import { repoRoot, startParley, type RunningParley } from '../server.js';
import { expectAccessible, pageApi, watchCsp } from '../support.js';
import { artifacts } from '../workspace.js';

/** An account at the test provider (the fixture's FixtureAccount). */
interface ProviderAccount {
  sub: string;
  preferred_username: string;
  name: string;
  email: string;
  email_verified: boolean;
  groups: string[];
  amr: string[];
}

/** What this spec uses of the server tests' OpenID provider (apps/server/src/test/oidc-provider.ts). */
interface ProviderFixture {
  issuer: string;
  registerClient(client: { client_id: string; client_secret: string; redirect_uris: string[] }): void;
  stop(): Promise<void>;
}

/**
 * The server tests' real OpenID provider (`oidc-provider` on 127.0.0.1, a tiny login form), the same
 * file the identity module's tests run; imported by path when the spec runs.
 */
async function startProvider(accounts: ProviderAccount[]): Promise<ProviderFixture> {
  const fixture = pathToFileURL(join(repoRoot, 'apps/server/src/test/oidc-provider.ts')).href;
  const { startOidcProvider } = (await import(fixture)) as {
    startOidcProvider: (options: { clients: []; accounts: ProviderAccount[] }) => Promise<ProviderFixture>;
  };
  return startOidcProvider({ clients: [], accounts });
}

const account = (username: string, name: string, email: string): ProviderAccount => ({
  sub: `sub-${username}`,
  preferred_username: username,
  name,
  email,
  email_verified: true,
  groups: [],
  amr: ['pwd'],
});

const PASSWORD = 'sign-in e2e password 1';
const NARROW = { width: 390, height: 844 };
const WIDE = { width: 1280, height: 800 };

// Several axe runs, a provider round trip and passkey prompts per test on a busy machine.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

let parley: RunningParley;
let smtp: SmtpSink;
let idp: ProviderFixture;
/** Tom's recovery codes, from setting up his authenticator app. */
let recoveryCodes: string[] = [];
let admin: Page;
const contexts: BrowserContext[] = [];
const cspViolations: string[] = [];

/** A page in a browser context of its own (its own cookies), at `viewport`. */
async function newPage(browser: Browser, viewport = WIDE): Promise<Page> {
  const context = await browser.newContext({ baseURL: parley.url, viewport });
  contexts.push(context);
  const page = await context.newPage();
  watchCsp(page, cspViolations);
  return page;
}

/** A request as `page`'s session that must answer `status`; its JSON. */
async function api(page: Page, method: string, path: string, body?: unknown, status = 200) {
  const res = await pageApi(page, parley.url, method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(status);
  return res.json;
}

/** The page as it is now at 1280 and at 390 px wide, into e2e/artifacts/sign-in-<name>-<width>.png. */
async function screenshots(page: Page, name: string) {
  for (const viewport of [WIDE, NARROW]) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(artifacts, `sign-in-${name}-${viewport.width}.png`), fullPage: true });
  }
  await page.setViewportSize(WIDE);
}

/** Username and password on /login (`next` kept in the address), up to the button. */
async function enterPassword(page: Page, username: string, path = '/login') {
  await page.goto(path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

const welcome = (page: Page, firstName: string) =>
  expect(page.getByRole('heading', { name: `Welcome, ${firstName}` })).toBeVisible();

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** An account made by the admin; returns its id. */
async function addPerson(username: string, displayName: string, email?: string): Promise<string> {
  const body = { username, displayName, password: PASSWORD, ...(email ? { email } : {}) };
  const created = await api(admin, 'POST', '/api/v1/admin/users', body, 201);
  return (created.user as { id: string }).id;
}

/** Registers a passkey for `page`'s signed-in person through the API, the browser making the credential. */
async function registerPasskey(page: Page, name: string) {
  const { options } = await api(page, 'POST', '/api/v1/me/mfa/passkeys/options');
  // Chromium reads the JSON options and writes the JSON response itself (WebAuthn Level 3).
  const response: unknown = await page.evaluate(`(async () => {
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(${JSON.stringify(options)});
    const credential = await navigator.credentials.create({ publicKey });
    return credential.toJSON();
  })()`);
  return api(page, 'POST', '/api/v1/me/mfa/passkeys', { name, response }, 201);
}

test.beforeAll(async ({ browser }) => {
  idp = await startProvider([
    account('olga', 'Olga Olsen', 'olga@example.org'),
    account('mallory', 'Mallory Moss', 'mallory@elsewhere.example'),
    // Tom's verified address links this account to Tom's Parley account, which has a second factor.
    account('tom.tailor', 'Tom Tailor', 'tom@example.org'),
  ]);
  smtp = await startSmtpSink();
  parley = await startParley({ hostname: 'localhost', env: { SMTP_URL: smtp.url } });
  await mkdir(artifacts, { recursive: true });
  admin = await newPage(browser);
  await admin.goto('/setup');
  await admin.getByLabel('Username').fill('alice');
  await admin.getByLabel('Display name').fill('Alice Adams');
  await admin.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await admin.getByRole('button', { name: 'Create admin account' }).click();
  await welcome(admin, 'Alice');
});

test.afterAll(async () => {
  for (const context of contexts) await context.close();
  await parley?.stop();
  await smtp?.close();
  await idp?.stop();
});

/** From Parley's "Sign in with Acme ID" through the provider's login form as `username`. */
async function throughProvider(page: Page, username: string) {
  await page.getByRole('link', { name: 'Sign in with Acme ID' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('(a) “Sign in with Acme ID” through the provider, back to the page that was asked for', async ({
  browser,
}) => {
  const { provider } = (await api(
    admin,
    'POST',
    '/api/v1/admin/identity-providers',
    {
      name: 'Acme ID',
      issuer: idp.issuer,
      clientId: 'parley-e2e',
      clientSecret: 'parley-e2e-client-secret',
      autoCreate: true,
      allowedDomains: ['example.org'],
    },
    201,
  )) as { provider: { redirectUri: string } };
  idp.registerClient({
    client_id: 'parley-e2e',
    client_secret: 'parley-e2e-client-secret',
    redirect_uris: [provider.redirectUri],
  });

  const olga = await newPage(browser);
  await olga.goto('/people');
  await expect(olga).toHaveURL(/\/login\?next=%2Fpeople$/);
  await expect(olga.getByRole('link', { name: 'Sign in with Acme ID' })).toBeVisible();
  await expectAccessible(olga, 'the sign-in page with single sign-on');
  await screenshots(olga, 'sso');

  await throughProvider(olga, 'olga');
  await expect(olga.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  expect(new URL(olga.url()).pathname).toBe('/people');
  const session = await api(olga, 'GET', '/api/v1/auth/session');
  expect(session.user).toMatchObject({ username: 'olga', displayName: 'Olga Olsen' });
});

test('(a) a sign-in the provider cannot give is explained on the sign-in page', async ({ browser }) => {
  const mallory = await newPage(browser);
  await mallory.goto('/login');
  await throughProvider(mallory, 'mallory');
  await expect(mallory).toHaveURL(/\/login\?sso_error=domain_not_allowed$/);
  await expect(mallory.getByRole('alert')).toContainText(
    'Your e-mail address is not in a domain this workspace accepts for single sign-on.',
  );
  await expectAccessible(mallory, 'a refused single sign-on');
  await screenshots(mallory, 'sso-error');
  expect((await api(mallory, 'GET', '/api/v1/auth/session')).user).toBeNull();
});

test('(c) a password that needs a second factor, finished with a code from the authenticator app', async ({
  browser,
}) => {
  await addPerson('tom', 'Tom Tailor', 'tom@example.org');
  const tom = await newPage(browser);
  await enterPassword(tom, 'tom');
  await welcome(tom, 'Tom');
  const { secret } = (await api(tom, 'POST', '/api/v1/me/mfa/totp')) as { secret: string };
  const confirmedAt = currentTotpStep();
  ({ recoveryCodes } = (await api(tom, 'POST', '/api/v1/me/mfa/totp/confirm', {
    code: totp(secret, confirmedAt),
  })) as { recoveryCodes: string[] });
  await signOut(tom);

  // From a page that needs signing in: the way back survives both steps.
  await enterPassword(tom, 'tom', '/people');
  await expect(tom.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  await expect(tom).toHaveURL(/\/login\/mfa\?next=%2Fpeople$/);
  const field = tom.getByLabel('Six-digit code');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  await expectAccessible(tom, 'the second-factor step');
  await screenshots(tom, 'mfa-code');

  // A wrong code first: refused, the page stays.
  await field.fill('000000');
  await tom.keyboard.press('Enter');
  await expect(tom.getByRole('alert')).toBeVisible();
  await screenshots(tom, 'mfa-wrong-code');

  // A step the confirmation did not use (a used step is refused again), within the ±1 window.
  await field.fill(totp(secret, Math.max(currentTotpStep(), confirmedAt + 1)));
  await tom.keyboard.press('Enter');
  await expect(tom.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();

  // And once with a recovery code, by keyboard only.
  await signOut(tom);
  await enterPassword(tom, 'tom');
  await expect(tom.getByLabel('Six-digit code')).toBeFocused();
  await tom.getByRole('button', { name: 'Use a recovery code instead' }).focus();
  await tom.keyboard.press('Enter');
  const recovery = tom.getByLabel('Recovery code');
  await expect(recovery).toBeFocused();
  await screenshots(tom, 'mfa-recovery');
  await tom.keyboard.type(recoveryCodes[0]!);
  await tom.keyboard.press('Enter');
  await welcome(tom, 'Tom');
});

test('(a) a single sign-on for someone with a second factor finishes on the second-factor page', async ({
  browser,
}) => {
  const tom = await newPage(browser);
  await tom.goto('/login');
  await throughProvider(tom, 'tom.tailor');
  await expect(tom).toHaveURL(/\/login\/mfa/);
  // Nothing says which factors Tom has here: every way is offered, the app's code first.
  await expect(tom.getByLabel('Six-digit code')).toBeFocused();
  await tom.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await tom.getByLabel('Recovery code').fill(recoveryCodes[1]!);
  await tom.getByRole('button', { name: 'Verify' }).click();
  await welcome(tom, 'Tom');
  const session = await api(tom, 'GET', '/api/v1/auth/session');
  expect(session.user).toMatchObject({ username: 'tom' });
});

test('(b) a passkey: the second factor after a password, then a sign-in without one', async ({ browser }) => {
  await addPerson('pat', 'Pat Parker');
  const pat = await newPage(browser);
  const authenticator = await addVirtualAuthenticator(pat);
  await enterPassword(pat, 'pat');
  await welcome(pat, 'Pat');
  await registerPasskey(pat, 'Virtual authenticator');
  expect(await authenticator.credentials()).toHaveLength(1);
  await signOut(pat);

  // The password is right, and the passkey finishes it.
  await enterPassword(pat, 'pat');
  await expect(pat.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  await screenshots(pat, 'mfa-passkey');
  await pat.getByRole('button', { name: 'Use a passkey' }).click();
  await welcome(pat, 'Pat');
  await signOut(pat);

  // Passwordless: the discoverable credential says who it is.
  await expectAccessible(pat, 'the sign-in page with a passkey');
  await screenshots(pat, 'page');
  await pat.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await welcome(pat, 'Pat');
});

test('(d) “Forgot password?” asks for a link by e-mail and the link signs the person in', async ({
  browser,
}) => {
  await addPerson('fay', 'Fay Fisher', 'fay@example.org');
  const fay = await newPage(browser);
  await fay.goto('/login');
  await fay.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(fay.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expect(fay.getByLabel('Username or e-mail address')).toBeFocused();
  await expectAccessible(fay, 'the forgot-password form');
  await screenshots(fay, 'forgot-form');

  // Nothing entered: said at the field, nothing sent.
  await fay.getByRole('button', { name: 'Send reset link' }).click();
  const field = fay.getByLabel('Username or e-mail address');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/Enter your username or e-mail address/);
  await screenshots(fay, 'forgot-empty');

  await field.fill('fay@example.org');
  await fay.keyboard.press('Enter');
  await expect(fay.getByText(/If an account matches, we’ve sent a link/)).toBeVisible();
  await expectAccessible(fay, 'the forgot-password confirmation');
  await screenshots(fay, 'forgot-sent');

  // The same words for nobody at all.
  const other = await newPage(browser);
  await other.goto('/forgot-password');
  await other.getByLabel('Username or e-mail address').fill('nobody@example.org');
  await other.getByRole('button', { name: 'Send reset link' }).click();
  await expect(other.getByText(/If an account matches, we’ve sent a link/)).toBeVisible();

  const mail = await smtp.next((m) => m.envelopeTo.includes('fay@example.org'), 15_000);
  const resetLink = /https?:\/\/\S+\/reset-password#token=[\w-]+/;
  expect(mail.text).toMatch(resetLink);
  await fay.goto(resetLink.exec(mail.text)![0]);
  await fay.getByLabel('New password', { exact: true }).fill('a brand new password 1');
  await fay.getByLabel('Confirm new password').fill('a brand new password 1');
  await fay.getByRole('button', { name: 'Save password and sign in' }).click();
  await welcome(fay, 'Fay');
  expect(smtp.messages.filter((m) => m.envelopeTo.includes('nobody@example.org'))).toHaveLength(0);
});

test('with password sign-in off, the form waits behind “Administrator sign-in” for break-glass admins', async ({
  browser,
}) => {
  await addPerson('uma', 'Uma Upton');
  await api(admin, 'PATCH', '/api/v1/admin/settings', {
    security: { passwordSignIn: false, breakGlassAdmins: ['alice'] },
  });
  const page = await newPage(browser);
  await page.goto('/login');
  const toggle = page.getByRole('button', { name: 'Administrator sign-in' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByLabel('Username')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
  await expectAccessible(page, 'the sign-in page with password sign-in off');
  await screenshots(page, 'password-off');

  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByLabel('Username')).toBeFocused();
  await expectAccessible(page, 'the administrator sign-in');
  await screenshots(page, 'password-off-open');

  // Someone else's right password is still refused, saying how to sign in instead.
  await page.getByLabel('Username').fill('uma');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('alert').filter({ hasText: 'Password sign-in is turned off here' }),
  ).toBeVisible();

  await page.getByLabel('Username').fill('alice');
  await page.keyboard.press('Enter');
  await welcome(page, 'Alice');
});

test('no page tripped the Content Security Policy', () => {
  expect(cspViolations).toEqual([]);
});
