/**
 * A Parley of a spec's own whose Jitsi domain is the Jitsi test server (jitsi-meeting/server.ts: the
 * real IFrame API and a meeting page that speaks its transport, with SSL and tokens on), and what the
 * meeting specs (calls, consultations, e2ee) each did to get there: an admin through the first-run
 * form, people made by the admin, the Jitsi settings, a browser context per person that accepts the
 * test server's self-signed certificate and records each page's join answers and what crossed its
 * meetings' transport, and the page's API as JSON.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';
import { recordJoins, watchMeetings, type JoinAnswer } from './jitsi-meeting/probe.js';
import { startJitsiServer, type JitsiServer } from './jitsi-meeting/server.js';
import { startParley, type ParleyOptions, type RunningParley } from './server.js';
import { pageApi, signIn, watchCsp } from './support.js';

/** Where specs put their screenshots. */
export const artifacts = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** The Jitsi app secret Parley signs meeting tokens with (≥ 32 bytes); the test server does not check it. */
const APP_SECRET = 'e2e-app-secret-0123456789-abcdefghijklmnop';

export class Workspace {
  /** Every context newPage opened, closed by close(). */
  private readonly contexts: BrowserContext[] = [];
  /** The Content Security Policy violations of every page newPage opened. */
  readonly cspViolations: string[] = [];
  /** The ids of the people addPeople made, by username. */
  readonly ids = new Map<string, string>();
  /** Each page's join answers, in order (see recordJoins). */
  private readonly joinAnswers = new Map<Page, Promise<JoinAnswer>[]>();
  /** What crossed each page's meetings' transport (see watchMeetings). */
  private readonly meetingLogs = new Map<Page, string[]>();

  private constructor(
    readonly parley: RunningParley,
    readonly jitsi: JitsiServer,
    /** Everyone's password. */
    readonly password: string,
  ) {}

  /**
   * Starts the Jitsi test server and a fresh Parley (with `options`, e.g. an SMTP_URL); everyone
   * signs in with `password`.
   */
  static async start(password: string, options: ParleyOptions = {}): Promise<Workspace> {
    const jitsi = await startJitsiServer();
    const parley = await startParley(options).catch(async (error: unknown) => {
      await jitsi.close();
      throw error;
    });
    await mkdir(artifacts, { recursive: true });
    return new Workspace(parley, jitsi, password);
  }

  /**
   * A page of a browser context of its own on Parley, whose CSP violations, join answers and meeting
   * transport are collected.
   */
  async newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      ...options,
      baseURL: this.parley.url,
      // The real API opens meetings on https: the test server's certificate is self-signed.
      ignoreHTTPSErrors: true,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    watchCsp(page, this.cspViolations);
    const log: string[] = [];
    watchMeetings(page, log);
    this.meetingLogs.set(page, log);
    this.joinAnswers.set(page, recordJoins(page));
    return page;
  }

  /** `page`'s join answers so far (its last is its meeting's). */
  joins(page: Page): Promise<JoinAnswer>[] {
    return this.joinAnswers.get(page)!;
  }

  /** What crossed `page`'s meetings' transport, or every page's, page after page. */
  meetingLog(page?: Page): string[] {
    return page ? this.meetingLogs.get(page)! : [...this.meetingLogs.values()].flat();
  }

  /** A JSON request as `page`'s signed-in session. */
  api(page: Page, method: string, path: string, body?: unknown) {
    return pageApi(page, this.parley.url, method, path, body);
  }

  /** api() that must answer `status`; its JSON. */
  async expectOk(page: Page, method: string, path: string, body?: unknown, status = 200) {
    const res = await this.api(page, method, path, body);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(status);
    return res.json;
  }

  signIn(page: Page, username: string, displayName: string) {
    return signIn(page, username, displayName, this.password);
  }

  /**
   * Alice Adams (alice) makes herself the admin through the first-run form on `page`; the admin then
   * makes `people` ([username, display name]) and points Jitsi at the test server, with SSL and
   * tokens on, `jitsi` added to its settings and `settings` to the rest (encryption modes).
   */
  async setUp(
    admin: Page,
    people: readonly (readonly [string, string])[],
    { jitsi = {}, ...settings }: { jitsi?: Record<string, unknown> } & Record<string, unknown> = {},
  ): Promise<void> {
    await admin.goto('/setup');
    await admin.getByLabel('Username').fill('alice');
    await admin.getByLabel('Display name').fill('Alice Adams');
    await admin.getByLabel('Password', { exact: true }).fill(this.password);
    await admin.getByRole('button', { name: 'Create admin account' }).click();
    await expect(admin).toHaveURL(/\/$/);

    for (const [username, displayName] of people) {
      const body = { username, displayName, password: this.password };
      const created = await this.expectOk(admin, 'POST', '/api/v1/admin/users', body, 201);
      this.ids.set(username, (created.user as { id: string }).id);
    }
    await this.expectOk(admin, 'PATCH', '/api/v1/admin/settings', {
      jitsi: {
        domain: this.jitsi.host,
        useSsl: true,
        useAuthToken: true,
        appId: 'parley',
        appSecret: APP_SECRET,
        ...jitsi,
      },
      ...settings,
    });
  }

  /** Closes every page newPage opened, stops Parley and the Jitsi test server. */
  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
    await this.parley.stop();
    await this.jitsi.close();
  }
}
