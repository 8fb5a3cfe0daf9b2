import type { Clock } from '../../lib/clock.js';
import type { PushRepository } from './push.repository.js';
import type { PushMessage, PushSender } from './push-sender.js';
import type { VapidKeys } from './vapid-keys.js';

interface DeliveriesLogger {
  warn(obj: object, msg: string): void;
}

/** The host of an endpoint, for logs: its path is a capability (whoever has it can push to the device). */
export const endpointHost = (endpoint: string): string => {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'invalid';
  }
};

/**
 * Sends one push to every device of a person: a subscription the push service says is gone
 * (404/410) is deleted, a delivered one gets `last_used_at`, other failures are logged (the
 * service's host, never the endpoint) and otherwise ignored. Never throws.
 */
export class PushDeliveries {
  constructor(
    private readonly deps: {
      repo: PushRepository;
      keys: VapidKeys;
      sender: PushSender;
      clock: Clock;
      log: DeliveriesLogger;
    },
  ) {}

  /** How many devices took it. */
  async deliver(userId: string, message: PushMessage): Promise<number> {
    const { repo, keys, sender, clock, log } = this.deps;
    const pair = keys.current();
    if (!pair) return 0;
    try {
      const subscriptions = await repo.listForUsers([userId]);
      const outcomes = await Promise.all(
        subscriptions.map(async (s) => {
          const outcome = await sender.send(s, message, pair);
          if (outcome.status === 'delivered') await repo.touch(s.id, clock.now().toISOString());
          else if (outcome.status === 'gone') await repo.delete(s.id);
          else {
            log.warn(
              { host: endpointHost(s.endpoint), statusCode: outcome.statusCode, reason: outcome.reason },
              'push delivery failed',
            );
          }
          return outcome.status === 'delivered';
        }),
      );
      return outcomes.filter(Boolean).length;
    } catch (err) {
      log.warn({ err, userId }, 'push delivery failed');
      return 0;
    }
  }
}
