import type { Clock } from '../../lib/clock.js';
import type { Mailer } from '../../mail/mailer.js';
import { missedCallEmail } from './missed-call-mail.js';
import type { MissedCallRepository } from './missed-call.repository.js';

export interface MissedCallDependencies {
  repo: MissedCallRepository;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
  workspaceName: () => Promise<string>;
  log: { warn(obj: object, msg: string): void };
}

/** After a failed send the e-mail is tried again this much later… */
export const MISSED_CALL_RETRY_MS = 5 * 60_000;
/** …this many times in all, then dropped (an SMTP server that refuses for a day is an outage). */
export const MISSED_CALL_ATTEMPTS = 6;

/**
 * The missed-call e-mail (issue 21, only with SMTP_URL). A call's end only writes outbox rows, one
 * per person it rang who never joined and asked for the e-mail; the sweeper sends them, so ending a
 * call never waits on SMTP, and a restart or a failing SMTP server loses nothing.
 */
export class MissedCallNotifier {
  constructor(private readonly deps: MissedCallDependencies) {}

  /** A call ended: the e-mails it owes, queued for the sweeper. */
  async callEnded(callId: string): Promise<void> {
    await this.deps.repo.queue(callId, this.deps.clock.now().toISOString());
  }

  /** Sends the e-mails that are due; how many went. */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    let sent = 0;
    for (const mail of await this.deps.repo.claimDue(now.toISOString())) {
      // Read at send time: someone who turned the e-mail off (or lost the room) meanwhile gets none.
      const recipient = await this.deps.repo.recipientOf(mail.callId, mail.userId);
      if (!recipient) continue;
      try {
        await this.deps.mailer.send(
          missedCallEmail({
            recipient,
            workspaceName: await this.deps.workspaceName(),
            publicUrl: this.deps.publicUrl,
          }),
        );
        sent++;
      } catch (err) {
        const last = mail.attempts + 1 >= MISSED_CALL_ATTEMPTS;
        this.deps.log.warn(
          { err, callId: mail.callId, attempts: mail.attempts + 1 },
          last ? 'missed-call e-mail failed; giving up' : 'missed-call e-mail failed; trying again later',
        );
        if (!last) {
          await this.deps.repo.retry(mail, new Date(now.getTime() + MISSED_CALL_RETRY_MS).toISOString());
        }
      }
    }
    return sent;
  }
}
