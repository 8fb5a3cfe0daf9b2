import type { Me } from '@parley/shared';
import { apiRequest, objectWith, type RequestOptions } from './client';
import type { Schemas } from './schemas';

/** Every HTTP API path starts here. */
export const BASE = '/api/v1';

export const UserEnvelope = (s: Schemas) => objectWith('user', s.MeSchema);
export const AdminUserEnvelope = (s: Schemas) => objectWith('user', s.AdminUserSchema);

/** A request answered with `{ user: Me }`. */
export async function user(path: string, init: Omit<RequestOptions<unknown>, 'schema'>): Promise<Me> {
  const { user } = await apiRequest(path, { ...init, schema: UserEnvelope });
  return user;
}
