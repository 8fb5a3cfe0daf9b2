import type { PushPublicKey, PushSubscription, PushSubscriptionRequest } from '@parley/shared';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { Errors } from '../../errors.js';
import { checkEndpoint, type EndpointPolicyOptions } from './endpoint-policy.js';
import { endpointHost } from './push-deliveries.js';
import type { PushRepository, PushSubscriptionRow } from './push.repository.js';
import type { VapidKeys } from './vapid-keys.js';

/** Devices one person may have: subscribing another drops their oldest. */
export const MAX_SUBSCRIPTIONS_PER_PERSON = 20;

const present = (row: PushSubscriptionRow): PushSubscription => ({
  id: row.id,
  device: row.device,
  service: endpointHost(row.endpoint),
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
});

export interface PushServiceDependencies {
  repo: PushRepository;
  keys: VapidKeys;
  endpoints: EndpointPolicyOptions;
  clock: Clock;
}

/** A person's devices that receive pushes, and the key browsers subscribe with. */
export class PushService {
  constructor(private readonly deps: PushServiceDependencies) {}

  publicKey(): PushPublicKey {
    const keys = this.deps.keys.current();
    if (!keys) throw Errors.pushUnavailable();
    return { key: keys.publicKey };
  }

  async list(userId: string): Promise<PushSubscription[]> {
    return (await this.deps.repo.listForUser(userId)).map(present);
  }

  /** Saves this browser's subscription for the person, replacing any row with the same endpoint. */
  async subscribe(userId: string, input: PushSubscriptionRequest): Promise<PushSubscription> {
    await checkEndpoint(input.endpoint, this.deps.endpoints);
    const now = this.deps.clock.now();
    const row = await this.deps.repo.replace(
      {
        id: newId(now.getTime()),
        user_id: userId,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh.replace(/=+$/, ''),
        auth: input.keys.auth.replace(/=+$/, ''),
        device: input.device ?? null,
        created_at: now.toISOString(),
        last_used_at: null,
      },
      MAX_SUBSCRIPTIONS_PER_PERSON,
    );
    return present(row);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.deps.repo.deleteForUser(id, userId))) throw Errors.notFound('pushSubscriptionNotFound');
  }
}
