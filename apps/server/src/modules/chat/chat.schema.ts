import { IdSchema, MemberSchema } from '@parley/shared';
import { z } from 'zod';

export const RoomParamsSchema = z.object({ id: IdSchema });
export const MemberParamsSchema = RoomParamsSchema.extend({ userId: IdSchema });
export const MessageParamsSchema = z.object({ id: IdSchema });
export const MemberResponseSchema = z.object({ member: MemberSchema });
/** 204: no body. */
export const NoContentSchema = z.null();
