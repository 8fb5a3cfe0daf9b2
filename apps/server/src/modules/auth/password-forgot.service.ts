import { passwordResetLink, type PasswordForgotRequest } from '@parley/shared';
import { recipientLocale } from '../../i18n/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId, newSecret, sha256 } from '../../lib/ids.js';
import type { PersonalLimits } from '../../lib/personal-limits.js';
import type { Mailer } from '../../mail/mailer.js';
import { passwordAllowed } from '../mfa/index.js';
import type { SettingsService } from '../settings/index.js';
import type { UserRow, UsersRepository } from '../users/index.js';
import type { PasswordResetsRepository } from './password-resets.repository.js';
import { passwordResetEmail } from './password-reset-mail.js';

/** An e-mailed link works for an hour (an administrator's link keeps a day: it is handed over by hand). */
export const SELF_SERVICE_RESET_TTL_MS = 60 * 60 * 1000;
/** Reset e-mails one account gets per hour; further requests send nothing (and say nothing). */
export const RESET_MAILS_PER_HOUR = 3;

export interface PasswordForgotDependencies {
  users: UsersRepository;
  resets: PasswordResetsRepository;
  settings: SettingsService;
  limits: PersonalLimits;
  /** Null without SMTP_URL: then nothing is ever sent. */
  mailer: Mailer | null;
  clock: Clock;
  /** Where this Parley is reached: the link's base. */
  publicUrl: string;
  log: { warn(obj: object, msg: string): void };
}

/** Whether this person may sign in with a password at all (password sign-in on, or a break-glass admin). */
/**
 * "Forgot password?": a one-time reset link by e-mail. The request is answered before anything is
 * looked up, so neither the answer nor its timing tells whether the account exists; the work runs
 * after it. Nothing is sent for a deactivated account, one without an e-mail address, one that may not
 * use a password, past the per-account limit, or when no mail server is configured.
 */
export class PasswordForgotService {
  private readonly working = new Set<Promise<void>>();

  constructor(private readonly deps: PasswordForgotDependencies) {}

  /** Starts the work after the current request's answer; never throws. */
  request(input: PasswordForgotRequest): void {
    if (!this.deps.mailer) return;
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.sendLinks(input.usernameOrEmail))
      .catch((err: unknown) => this.deps.log.warn({ err }, 'a password-reset e-mail could not be sent'))
      .finally(() => this.working.delete(work));
    this.working.add(work);
  }

  /** Resolves once the requests made so far were handled (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.working.size > 0) await Promise.allSettled([...this.working]);
  }

  private async sendLinks(usernameOrEmail: string): Promise<void> {
    const wanted = usernameOrEmail.trim().toLowerCase();
    const accounts = wanted.includes('@')
      ? await this.deps.users.findByEmail(wanted)
      : [await this.deps.users.findByUsername(wanted)].filter((u) => u !== undefined);
    for (const user of accounts) await this.sendLink(user);
  }

  private async sendLink(user: UserRow): Promise<void> {
    const mailer = this.deps.mailer;
    if (!mailer || user.active !== 1 || !user.email) return;
    if (!passwordAllowed(await this.deps.settings.get('security'), user)) return;
    const allowed = await this.deps.limits.allow(
      `password-forgot:${user.id}`,
      RESET_MAILS_PER_HOUR,
      60 * 60 * 1000,
    );
    if (!allowed) return;
    const token = newSecret();
    const now = this.deps.clock.now();
    await this.deps.resets.replaceForUser({
      id: newId(now.getTime()),
      user_id: user.id,
      token_hash: sha256(token),
      // Nobody made it for them: the owner asked for it.
      created_by: null,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SELF_SERVICE_RESET_TTL_MS).toISOString(),
      used_at: null,
    });
    const { name } = await this.deps.settings.get('workspace');
    await mailer.send(
      passwordResetEmail({
        to: user.email,
        displayName: user.display_name,
        username: user.username,
        workspaceName: name,
        link: passwordResetLink(this.deps.publicUrl, token),
        validMinutes: SELF_SERVICE_RESET_TTL_MS / 60_000,
        locale: recipientLocale(user.locale),
      }),
    );
  }
}
