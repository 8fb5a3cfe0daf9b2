import type { AdminUser } from '@parley/shared';
import { adminApi } from '../features/admin/admin.api';
import { authApi } from '../features/auth/auth.api';
import { callsApi } from '../features/calls/calls.api';
import { chatApi } from '../features/chat/chat.api';
import { consultationsApi } from '../features/consultations/consultations.api';
import { peopleApi } from '../features/people/people.api';
import { profileApi } from '../features/profile/profile.api';
import { providersApi } from '../features/providers/providers.api';

export type { AdminUser };

/**
 * Every HTTP call of the app, gathered from the features' own `<feature>.api.ts` (each feature keeps
 * its calls beside its pages; this is the one place that knows all of them).
 */
export const api = {
  ...authApi,
  ...profileApi,
  ...peopleApi,
  chat: chatApi,
  calls: callsApi,
  consultations: consultationsApi,
  providers: providersApi,
  admin: adminApi,
};
