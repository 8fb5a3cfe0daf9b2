import { AdminUserSchema, MeSchema, PublicUserSchema } from '@parley/shared';
import { z } from 'zod';

export const UserIdParamsSchema = z.strictObject({ id: z.uuid('Not a user id') });
export const MeResponseSchema = z.object({ user: MeSchema });
export const PublicUserResponseSchema = z.object({ user: PublicUserSchema });
export const AdminUserListSchema = z.object({ users: z.array(AdminUserSchema) });
export const AdminUserResponseSchema = z.object({ user: AdminUserSchema });
