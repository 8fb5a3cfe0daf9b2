import type { Clock } from '../../lib/clock.js';
import type { Mailer } from '../../mail/mailer.js';
import { digestEmail } from './digest-mail.js';
import type { DigestRepository } from './digest.repository.js';
import { unsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.js';

export interface DigestDependencies {
  repo: DigestRepository;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
  /** Signs unsubscribe links (the server's SECRET_KEY). */
  secret: string;
  workspaceName: () => Promise<string>;
  /** Turns a person's digest off (the settings service, which tells their tabs). */
  stopDigest: (userId: string) => Promise<void>;
  log: { warn(obj: object, msg: string): void };
}

/** After a failed send the digest is tried again this much later. */
const RETRY_MS = 5 * 60_000;

/**
 * The e-mail digest (only with SMTP_URL): a DM or mention to someone who asked for a digest starts a
 * timer row (the first unread item sets when it goes; the row survives restarts); the sweeper sends
 * one e-mail when it is due and something is still unread. Reading everything first cancels it.
 */
export class DigestNotifier {
  constructor(private readonly deps: DigestDependencies) {}

  /** A message was posted: timers for the DM's other members and the mentioned who want a digest. */
  async messagePosted(messageId: string): Promise<void> {
    for (const r of await this.deps.repo.recipientsOf(messageId)) {
      const due = new Date(Date.parse(r.createdAt) + r.digestMinutes * 60_000).toISOString();
      await this.deps.repo.startTimer(r.userId, due, r.createdAt);
    }
  }

  /** Someone read a room: once nothing the digest would list is unread, its timer goes. */
  async read(userId: string): Promise<void> {
    const timer = await this.deps.repo.timerOf(userId);
    if (!timer) return;
    const now = this.deps.clock.now().toISOString();
    if ((await this.deps.repo.unreadSince(userId, timer.since, now)).length === 0) {
      await this.deps.repo.cancel(userId);
    }
  }

  /** Sends the digests that are due; how many went. */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    let sent = 0;
    for (const { user_id: userId, since } of await this.deps.repo.claimDue(now.toISOString())) {
      const items = await this.deps.repo.unreadSince(userId, since, now.toISOString());
      const person = await this.deps.repo.emailOf(userId);
      if (items.length === 0 || !person?.email) continue;
      try {
        await this.deps.mailer.send(
          digestEmail({
            to: person.email,
            displayName: person.display_name,
            locale: person.locale,
            workspaceName: await this.deps.workspaceName(),
            items,
            publicUrl: this.deps.publicUrl,
            unsubscribeUrl: this.unsubscribeUrl(userId),
          }),
        );
        sent++;
      } catch (err) {
        this.deps.log.warn({ err, userId }, 'digest e-mail failed; trying again later');
        await this.deps.repo.startTimer(userId, new Date(now.getTime() + RETRY_MS).toISOString(), since);
      }
    }
    return sent;
  }

  unsubscribeUrl(userId: string): string {
    return `${this.deps.publicUrl}/api/v1/notifications/unsubscribe?token=${unsubscribeToken(this.deps.secret, userId)}`;
  }

  /** Whether a token is one of ours. */
  verify(token: string): boolean {
    return verifyUnsubscribeToken(this.deps.secret, token) !== null;
  }

  /** The unsubscribe link: false for a token that is not ours. */
  async unsubscribe(token: string): Promise<boolean> {
    const userId = verifyUnsubscribeToken(this.deps.secret, token);
    if (userId === null) return false;
    await this.deps.stopDigest(userId);
    await this.deps.repo.cancel(userId);
    return true;
  }
}
