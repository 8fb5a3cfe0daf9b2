import type { GuestSettings } from '@parley/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import type { MeetingProvider } from '../../meetings/meeting-provider.js';
import type { CallsRepository } from '../calls/index.js';
import type { ChatRepositories } from '../chat/index.js';
import type { GuestsRepository } from '../guests/index.js';
import type { GuestCallsRepository } from './guest-calls.repository.js';

export type GuestCallsRepositories = ChatRepositories & {
  calls: CallsRepository;
  guests: GuestsRepository;
  guestCalls: GuestCallsRepository;
};

/** Wrong passcodes per link: at most a few in a window, then refused until it ends. */
export interface PasscodeAttempts {
  /** Throws 429 `rate_limited` while this link has had too many wrong passcodes lately. */
  check(linkId: string): Promise<void>;
  /** Counts one wrong passcode for this link. */
  wrong(linkId: string): Promise<void>;
}

/** What the guest-calls services share: every side effect injected. */
export interface GuestCallsDependencies {
  uow: UnitOfWork<GuestCallsRepositories>;
  meetings: MeetingProvider;
  /** A guest's own meeting reports their entering and leaving (calls' attendance). */
  reportPresence(callId: string, userId: string, type: 'joined' | 'left'): Promise<boolean>;
  settings: () => Promise<GuestSettings>;
  /** The workspace's name, shown on the guest page. */
  workspaceName: () => Promise<string>;
  clock: Clock;
  /** Where this Parley is reached: links are `<publicUrl>/guest/<token>`. */
  publicUrl: string;
  /** scrypt cost (log2 N) for passcodes, as for passwords. */
  passcodeCost: number;
  passcodeAttempts: PasscodeAttempts;
}
