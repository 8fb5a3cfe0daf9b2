import type { Member, Message, PublicUser, Room, RoomRole } from '@parley/shared';
import type { MessageWithAuthor } from './messages.repository.js';
import type { MemberRow, RoomRow, UserColumns } from './rooms.repository.js';

const CONSULTATION_KEY = 'consultation:';

export const presentUser = (u: UserColumns): PublicUser => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  avatarUrl: u.avatar_file ? `/avatars/${u.avatar_file}` : null,
  role: u.role,
});

/** How a DM is named for the person looking at it: the others, or "you" in a DM with oneself. */
function directName(members: UserColumns[], viewerId: string | null): string {
  const others = members.filter((m) => m.id !== viewerId);
  if (others.length === 0) return members[0]?.display_name ?? 'Direct message';
  return others.map((m) => m.display_name).join(', ');
}

export function presentRoom(
  row: RoomRow,
  myRole: RoomRole | null,
  viewerId: string | null,
  directMembers: UserColumns[] = [],
): Room {
  const isDirect = row.type === 'direct';
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    displayName: isDirect ? directName(directMembers, viewerId) : row.display_name,
    topic: row.topic,
    parentId: row.parent_id,
    teamId: row.team_id,
    sourceMessageId: row.source_message_id,
    // Its key is `consultation:<consultation id>` (rooms.service.ts createOwnedRoom).
    consultationId:
      row.type === 'consultation' && row.direct_key?.startsWith(CONSULTATION_KEY)
        ? row.direct_key.slice(CONSULTATION_KEY.length)
        : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    archived: row.archived_at !== null,
    lastSeq: Number(row.last_seq),
    memberCount: Number(row.member_count),
    members: isDirect ? directMembers.map(presentUser) : [],
    myRole,
  };
}

/** The first characters of a replied-to message, enough for a quote line. */
const REPLY_PREVIEW_LENGTH = 140;

/**
 * What a message carries beyond its row (issue 20), loaded in batches for a page of messages by
 * `MessagesService.extrasFor`: files, reactions (with `me` for the viewer) and a thread root's summary.
 */
export type MessageExtras = Partial<Pick<Message, 'attachments' | 'reactions' | 'thread'>>;

export function presentMessage(
  row: MessageWithAuthor,
  replyTo: MessageWithAuthor | null = null,
  extras: MessageExtras = {},
): Message {
  return {
    id: row.id,
    roomId: row.room_id,
    seq: Number(row.seq),
    kind: row.kind,
    author: row.author ? presentUser(row.author) : null,
    text: row.text,
    action: Number(row.action) === 1,
    replyToId: row.reply_to_id,
    replyTo: replyTo
      ? {
          id: replyTo.id,
          author: replyTo.author ? presentUser(replyTo.author) : null,
          text: replyTo.text.slice(0, REPLY_PREVIEW_LENGTH),
          deleted: replyTo.deleted_at !== null,
        }
      : null,
    mentions: JSON.parse(row.mentions) as string[],
    clientMsgId: row.client_msg_id,
    discussion: row.discussion
      ? { roomId: row.discussion.id, displayName: row.discussion.display_name }
      : null,
    callId: row.call_id,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    // A deleted message keeps no files.
    attachments: row.deleted_at === null ? (extras.attachments ?? []) : [],
    reactions: row.deleted_at === null ? (extras.reactions ?? []) : [],
    threadId: row.thread_id ?? null,
    thread: extras.thread ?? null,
  };
}

export const presentMember = (row: MemberRow): Member => ({
  user: presentUser(row.user),
  role: row.role,
  joinedAt: row.joined_at,
});
