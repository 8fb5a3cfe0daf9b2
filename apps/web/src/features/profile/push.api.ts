import type { PushSubscription, PushSubscriptionRequest } from '@parley/shared';
import { apiRequest } from '../../api/client';
import { BASE } from '../../api/common';

/** "Push on this device": the server's VAPID key and the person's push subscriptions (issue 21). */
export const pushApi = {
  publicKey: async (signal?: AbortSignal): Promise<string> =>
    (await apiRequest(`${BASE}/push/public-key`, { schema: (s) => s.PushPublicKeySchema, signal })).key,
  list: async (signal?: AbortSignal): Promise<PushSubscription[]> =>
    (
      await apiRequest(`${BASE}/me/push-subscriptions`, {
        schema: (s) => s.PushSubscriptionListSchema,
        signal,
      })
    ).subscriptions,
  add: (body: PushSubscriptionRequest): Promise<PushSubscription> =>
    apiRequest(`${BASE}/me/push-subscriptions`, {
      method: 'POST',
      body,
      schema: (s) => s.PushSubscriptionSchema,
    }),
  remove: (id: string): Promise<void> =>
    apiRequest(`${BASE}/me/push-subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
