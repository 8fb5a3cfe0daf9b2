/**
 * What several specs share: Chromium's flags, a JSON request as a signed-in page, signing in, reading
 * a JWT, and axe-core's accessibility check. The Jitsi server specs embed meetings from is in
 * jitsi-meeting/ (the real IFrame API and a meeting page that speaks its transport).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** Debian's Chromium, quiet and offline; specs add what they need (a fake camera, autoplay). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export const chromium = (...extra: string[]) => ({
  executablePath: '/usr/bin/chromium',
  args: [...CHROMIUM_ARGS, ...extra],
});

/** A JSON request as the page's signed-in session (its cookies, CSRF token and origin). */
export async function pageApi(page: Page, origin: string, method: string, path: string, body?: unknown) {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'parley_csrf')?.value ?? '';
  const res = await page.request.fetch(path, {
    method,
    headers: { origin, 'x-csrf-token': csrf },
    ...(body === undefined ? {} : { data: body }),
  });
  const text = await res.text();
  return { status: res.status(), json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** Signs in through the form and waits for the home page's greeting. */
export async function signIn(page: Page, username: string, displayName: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${displayName}` })).toBeVisible();
}

/** The JWT's payload (the middle part, base64url JSON); the signature is Prosody's business. */
export function jwtPayload(jwt: string | undefined): Record<string, unknown> {
  const part = jwt?.split('.')[1];
  if (!part) throw new Error(`not a JWT: ${String(jwt)}`);
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Collects the page's Content Security Policy violations (from its console) into `sink`. */
export function watchCsp(page: Page, sink: string[]): void {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) sink.push(message.text());
  });
}

/** What axe-core checks: WCAG 2.0–2.2 A and AA, plus its best practices (landmarks, ARIA roles). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core on the page as it is now and fails (softly: the test goes on to its other pages) on
 * every serious or critical violation, and on any violation of the rules in `disallow` whatever its
 * impact (ones fixed before, kept fixed). Lesser findings are attached to the test as `axe`
 * annotations. `state` names the page state in the failure message.
 */
export async function expectAccessible(
  page: Page,
  state: string,
  options: { disallow?: string[] } = {},
): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const describe = (v: (typeof violations)[number]) =>
    `${v.id} (${v.impact ?? 'unknown'}): ${v.help} — ` +
    v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary}]` : ''}`).join('; ');
  const failing = violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical' || (options.disallow ?? []).includes(v.id),
  );
  for (const v of violations.filter((v) => !failing.includes(v))) {
    test.info().annotations.push({ type: 'axe', description: `${state}: ${describe(v)}` });
  }
  expect.soft(failing.map(describe), `accessibility of ${state}`).toEqual([]);
}
