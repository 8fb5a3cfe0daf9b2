import type { AdminGuestLinkSchema, GuestLink, GuestRequest } from '@parley/shared';
import type { z } from 'zod';
import type { AdmissionWithName, GuestLinkRow, LinkWithNames } from './guest-calls.repository.js';

/** A link as its creator and the room's moderators see it; the URL only once, at creation. */
export const presentLink = (row: GuestLinkRow, url: string | null = null): GuestLink => ({
  id: row.id,
  url,
  expiresAt: row.expires_at,
  maxUses: row.max_uses === null ? null : Number(row.max_uses),
  uses: Number(row.uses),
  lobby: Number(row.lobby) === 1,
  roomId: row.room_id,
  callId: row.call_id,
  passcode: row.passcode_hash !== null,
  createdAt: row.created_at,
  createdBy: row.created_by,
  revokedAt: row.revoked_at,
});

type AdminGuestLink = z.infer<typeof AdminGuestLinkSchema>;

export const presentAdminLink = (row: LinkWithNames): AdminGuestLink => ({
  ...presentLink(row),
  roomDisplayName: row.room_display_name,
  createdByName: row.created_by_name,
});

/** A guest in a call's lobby (or let through, or turned away), as members in the call see them. */
export const presentRequest = (a: AdmissionWithName): GuestRequest => ({
  id: a.id,
  callId: a.call_id,
  roomId: a.room_id,
  name: a.name,
  status: a.status,
  requestedAt: a.requested_at,
  decidedBy: a.decided_by,
});
