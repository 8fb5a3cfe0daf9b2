import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { PersonalLimits } from '../../lib/personal-limits.js';
import type { PasscodeAttempts } from './guest-calls.ports.js';

/** Wrong passcodes one link takes in a window before it refuses every attempt until the window ends. */
export const PASSCODE_TRIES = 5;
export const PASSCODE_WINDOW_MS = 15 * 60_000;

/** Counts wrong passcodes per link in fixed windows of the clock (shared through Redis when clustered). */
export class LinkPasscodeAttempts implements PasscodeAttempts {
  constructor(
    private readonly limits: Pick<PersonalLimits, 'allow' | 'used'>,
    private readonly clock: Clock,
  ) {}

  private key(linkId: string): string {
    return `guest-passcode:${linkId}`;
  }

  async check(linkId: string): Promise<void> {
    if ((await this.limits.used(this.key(linkId), PASSCODE_WINDOW_MS)) < PASSCODE_TRIES) return;
    const now = this.clock.now().getTime();
    const end = (Math.floor(now / PASSCODE_WINDOW_MS) + 1) * PASSCODE_WINDOW_MS;
    throw Errors.rateLimited((end - now) / 1000);
  }

  async wrong(linkId: string): Promise<void> {
    await this.limits.allow(this.key(linkId), Number.MAX_SAFE_INTEGER, PASSCODE_WINDOW_MS);
  }
}
