import { AdminUserSchema, MeSchema, type Me } from '@parley/shared';
import { apiRequest, objectWith, type RequestOptions } from './client';

/** Every HTTP API path starts here. */
export const BASE = '/api/v1';

export const UserEnvelope = objectWith('user', MeSchema);
export const AdminUserEnvelope = objectWith('user', AdminUserSchema);

/** A request answered with `{ user: Me }`. */
export async function user(path: string, init: Omit<RequestOptions<unknown>, 'schema'>): Promise<Me> {
  const { user } = await apiRequest(path, { ...init, schema: UserEnvelope });
  return user;
}
