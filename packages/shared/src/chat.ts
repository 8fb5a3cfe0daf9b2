import { z } from 'zod';
import { MESSAGE_MAX_LENGTH, ROOM_ROLES } from './constants.js';
import { AttachmentSchema, MAX_ATTACHMENTS } from './files.js';
import { RoomNotificationsSchema } from './notifications.js';
import { humanTextSchema, PublicUserSchema } from './users.js';

/** Room kinds. `consultation` rooms are made by the consultations feature, never through `POST /rooms`. */
export const ROOM_TYPES = ['direct', 'channel', 'private', 'team', 'discussion', 'consultation'] as const;
export const RoomTypeSchema = z.enum(ROOM_TYPES);
export type RoomType = z.infer<typeof RoomTypeSchema>;

/** The types people create themselves. */
export const CreatableRoomTypeSchema = z.enum(['direct', 'channel', 'private', 'team', 'discussion']);

export const RoomRoleSchema = z.enum(ROOM_ROLES);
export type RoomRole = z.infer<typeof RoomRoleSchema>;

export const TOPIC_MAX_LENGTH = 250;

/** Channel and team handles: like usernames, lowercase and URL-safe; unique across the workspace. */
export const RoomNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Names have at least 2 characters')
  .max(48, 'Names have at most 48 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use lowercase letters, digits, dots, dashes or underscores');

export const RoomDisplayNameSchema = humanTextSchema('A room name', 80);

/** A topic may be cleared with an empty string; otherwise the same rules as other visible text. */
export const TopicSchema = z.union([
  z.literal(''),
  z
    .string()
    .max(TOPIC_MAX_LENGTH, `A topic has at most ${TOPIC_MAX_LENGTH} characters`)
    .pipe(humanTextSchema('A topic', TOPIC_MAX_LENGTH)),
]);

/** Ids are UUIDs (or test ids): letters, digits, dashes, underscores. Anything else names nothing. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not an id');

/** Seqs and read markers fit PostgreSQL's 32-bit integer. */
export const MAX_SEQ = 2_147_483_647;

/** NUL is not text (PostgreSQL cannot even store it). */
const noNul = (s: string) => !s.includes('\u0000');

export const RoomSchema = z.object({
  id: z.string(),
  type: RoomTypeSchema,
  /** The handle (`general`); null for direct messages and discussions. */
  name: z.string().nullable(),
  /** What people see; for direct messages, the other people's names joined by commas. */
  displayName: z.string(),
  topic: z.string(),
  /** Discussions: the room they belong to. */
  parentId: z.string().nullable(),
  /** Channels inside a team: that team's room. */
  teamId: z.string().nullable(),
  /** Discussions started from a message: that message. */
  sourceMessageId: z.string().nullable(),
  /**
   * A consultation's chat (type `consultation`): that consultation. Such a room is reached only
   * through the consultation's page; lists of rooms leave it out.
   */
  consultationId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  archived: z.boolean(),
  /** The seq of the newest message (0 when there is none). */
  lastSeq: z.number().int(),
  memberCount: z.number().int(),
  /** Direct messages only: everyone in it (at most 8); empty for other rooms. */
  members: z.array(PublicUserSchema),
  /** The caller's role, or null when they can see the room without being in it. */
  myRole: RoomRoleSchema.nullable(),
});
export type Room = z.infer<typeof RoomSchema>;

export const MessageReplySchema = z.object({
  id: z.string(),
  author: PublicUserSchema.nullable(),
  /** The first characters of the replied-to message; empty once it is deleted. */
  text: z.string(),
  deleted: z.boolean(),
});

/**
 * One emoji on a message (issue 20): a single Unicode emoji (with its modifiers and joiners), the
 * same string in the path of `PUT /messages/:id/reactions/:emoji` and in `reactions[].emoji`.
 */
const EMOJI_PARTS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\u20e3)+$/u;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const oneGrapheme = (s: string) =>
  [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length === 1;
export const EmojiSchema = z
  .string()
  .min(1)
  .max(32, 'One emoji')
  .refine((s) => EMOJI_PARTS.test(s) && PICTOGRAPH.test(s) && oneGrapheme(s), 'One emoji');

export const ReactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int(),
  /** The caller reacted with it. */
  me: z.boolean(),
  /** The first people who reacted (as this room shows them), for "who reacted". */
  by: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type Reaction = z.infer<typeof ReactionSchema>;

/** At most this many different emoji from one person on one message. */
export const MAX_REACTIONS_PER_PERSON = 20;

/** A thread root's summary (issue 20). */
export const ThreadSummarySchema = z.object({
  replies: z.number().int(),
  lastReplyAt: z.string().nullable(),
  /** The first people who replied (as this room shows them). */
  participants: z.array(PublicUserSchema),
});
export type ThreadSummary = z.infer<typeof ThreadSummarySchema>;

export const MessageSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  /** Strictly increasing within the room, without reuse; history pages by it. */
  seq: z.number().int(),
  kind: z.enum(['user', 'system']),
  /** The sender; for system messages, who caused the change (null when nobody did). */
  author: PublicUserSchema.nullable(),
  /** Markdown source (bold, italic, code, code blocks, links). Empty once deleted. */
  text: z.string(),
  /** `/me waves` is stored as text "waves" with `action: true` and shown as "alice waves". */
  action: z.boolean(),
  replyToId: z.string().nullable(),
  replyTo: MessageReplySchema.nullable(),
  /** Ids of the room members mentioned with `@username`. */
  mentions: z.array(z.string()),
  clientMsgId: z.string().nullable(),
  /** A discussion started from this message (the first, if several were). */
  discussion: z.object({ roomId: z.string(), displayName: z.string() }).nullable(),
  /** A call's message (a system message): render the call's live state from `GET /calls/:id` and `call:*` events. */
  callId: z.string().nullable(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  /** Files (issue 20); empty once the message is deleted. */
  attachments: z.array(AttachmentSchema),
  reactions: z.array(ReactionSchema),
  /** A thread reply: its root's id. Replies share the room's seq and catch-up like every message. */
  threadId: z.string().nullable(),
  /** A thread root: its summary; null for a message nobody replied to in a thread. */
  thread: ThreadSummarySchema.nullable(),
});
export type Message = z.infer<typeof MessageSchema>;

export const RoomSummarySchema = RoomSchema.extend({
  /** Messages from others after `lastReadSeq`, not counting deleted or system messages. */
  unread: z.number().int(),
  /** Of those, the ones that mention the caller. */
  mentions: z.number().int(),
  lastReadSeq: z.number().int(),
  lastMessage: MessageSchema.nullable(),
  /** The caller's notification level and mute for this room (issue 21). */
  notifications: RoomNotificationsSchema,
});
export type RoomSummary = z.infer<typeof RoomSummarySchema>;

export const MemberSchema = z.object({
  user: PublicUserSchema,
  role: RoomRoleSchema,
  joinedAt: z.string(),
});
export type Member = z.infer<typeof MemberSchema>;

export const CreateRoomRequestSchema = z.object({
  type: CreatableRoomTypeSchema,
  name: RoomNameSchema.optional(),
  displayName: RoomDisplayNameSchema.optional(),
  topic: TopicSchema.optional(),
  /** Other people to add (the creator is always a member). For a DM: the people to talk to. */
  memberIds: z.array(IdSchema).max(200, 'Add at most 200 people at once').optional(),
  /** Discussions: the room the discussion belongs to. */
  parentId: IdSchema.optional(),
  /** Discussions: the message the discussion starts from (in the parent room). */
  sourceMessageId: IdSchema.optional(),
  /** Channels and private channels: the team they belong to. */
  teamId: IdSchema.optional(),
});
export type CreateRoomRequest = z.infer<typeof CreateRoomRequestSchema>;

export const UpdateRoomRequestSchema = z
  .object({
    displayName: RoomDisplayNameSchema.optional(),
    topic: TopicSchema.optional(),
    archived: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one of displayName, topic or archived');

export const RoomResponseSchema = z.object({ room: RoomSchema });
export const RoomListSchema = z.object({ rooms: z.array(RoomSummarySchema) });
export const DirectoryQuerySchema = z.object({
  q: z.string().max(100).refine(noNul, 'A search cannot contain NUL characters').optional(),
  /** Only this team's channels. */
  teamId: IdSchema.optional(),
});
export const DirectorySchema = z.object({ rooms: z.array(RoomSchema) });
export const MemberListSchema = z.object({ members: z.array(MemberSchema) });
export const AddMembersRequestSchema = z.object({
  userIds: z.array(IdSchema).min(1, 'Name at least one person').max(200, 'Add at most 200 people at once'),
});
export const ChangeRoleRequestSchema = z.object({ role: RoomRoleSchema });

/** A client-chosen id for one send, so a retry returns the first message instead of posting twice. */
export const ClientMsgIdSchema = z
  .string()
  .min(1, 'clientMsgId is required')
  .max(64, 'clientMsgId has at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'clientMsgId uses letters, digits, dashes and underscores');

export const MessageTextSchema = z
  .string()
  .max(MESSAGE_MAX_LENGTH, `A message has at most ${MESSAGE_MAX_LENGTH.toLocaleString('en')} characters`)
  .refine((s) => s.trim() !== '', 'A message cannot be empty')
  .refine(noNul, 'A message cannot contain NUL characters');

const SendMessageFieldsSchema = z.object({
  /** May be empty when files are attached (they are the message; the text is their caption). */
  text: z
    .string()
    .max(MESSAGE_MAX_LENGTH, `A message has at most ${MESSAGE_MAX_LENGTH.toLocaleString('en')} characters`)
    .refine(noNul, 'A message cannot contain NUL characters'),
  clientMsgId: ClientMsgIdSchema,
  replyToId: IdSchema.optional(),
  /** Uploads (`POST /rooms/:id/uploads`) of the sender into this room, not yet on a message. */
  attachments: z
    .array(IdSchema)
    .max(MAX_ATTACHMENTS, `Attach at most ${MAX_ATTACHMENTS} files to one message`)
    .refine((ids) => new Set(ids).size === ids.length, 'Attach each file once')
    .optional(),
  /** Reply in the thread of this root message (of this room). */
  threadId: IdSchema.optional(),
});
const notEmpty = [
  (b: { text: string; attachments?: string[] | undefined }) =>
    b.text.trim() !== '' || (b.attachments?.length ?? 0) > 0,
  { message: 'A message cannot be empty', path: ['text'] as PropertyKey[] },
] as const;
export const SendMessageRequestSchema = SendMessageFieldsSchema.refine(...notEmpty);
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;

/** The text may be empty on a message with files (its caption removed); the server checks that. */
export const EditMessageRequestSchema = z.object({ text: SendMessageFieldsSchema.shape.text });

export const ListMessagesQuerySchema = z.object({
  /** Messages with a smaller seq (older), newest of them first chosen, returned oldest first. */
  before: z.coerce.number().int().min(1).max(MAX_SEQ).optional(),
  /** Messages with a greater seq (newer): what a reconnecting client missed. */
  after: z.coerce.number().int().min(0).max(MAX_SEQ).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Messages around this seq (half before, half from it on): opening a search result. */
  around: z.coerce.number().int().min(1).max(MAX_SEQ).optional(),
});
export const MessageListSchema = z.object({
  messages: z.array(MessageSchema),
  /** More messages exist beyond this page in the direction asked (older for `before`/latest, newer for `after`). */
  hasMore: z.boolean(),
});
export const MessageResponseSchema = z.object({ message: MessageSchema });

/** `GET /messages/:id/thread`: the root and its replies, oldest first. */
export const ThreadQuerySchema = z.object({
  /** Replies with a greater seq (catch-up). */
  after: z.coerce.number().int().min(0).max(MAX_SEQ).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const ThreadResponseSchema = z.object({
  root: MessageSchema,
  replies: z.array(MessageSchema),
  hasMore: z.boolean(),
  /** The caller follows this thread (took part, or chose to). */
  following: z.boolean(),
});
export type ThreadResponse = z.infer<typeof ThreadResponseSchema>;
/** `PUT /messages/:id/thread/read`: replies up to this seq are read. */
export const ThreadReadRequestSchema = z.object({ seq: z.number().int().min(0).max(MAX_SEQ) });
/** `GET /threads`: the threads the caller follows, newest reply first. */
export const ThreadListItemSchema = z.object({
  root: MessageSchema,
  room: z.object({ id: z.string(), type: RoomTypeSchema, displayName: z.string() }),
  /** Replies from others after the caller's thread read marker. */
  unread: z.number().int(),
});
export const ThreadListSchema = z.object({
  threads: z.array(ThreadListItemSchema),
  /** Threads with unread replies, for the sidebar badge. */
  unreadThreads: z.number().int(),
});
export type ThreadListItem = z.infer<typeof ThreadListItemSchema>;
/**
 * The answer of `PUT|DELETE /messages/:id/thread/follow` and `PUT /messages/:id/thread/read`: the
 * caller's state of the thread, the same fields as the `thread:updated` event.
 */
export const ThreadStateSchema = z.object({
  roomId: z.string(),
  rootId: z.string(),
  unread: z.number().int(),
  following: z.boolean(),
  unreadThreads: z.number().int(),
});
export type ThreadState = z.infer<typeof ThreadStateSchema>;

export const ReadRequestSchema = z.object({ seq: z.number().int().min(0).max(MAX_SEQ) });
export const ReadStateSchema = z.object({ roomId: z.string(), seq: z.number().int() });

export const CommandRequestSchema = z.object({
  text: z
    .string()
    .max(MESSAGE_MAX_LENGTH)
    .refine((s) => s.trimStart().startsWith('/'), 'A command starts with "/"')
    .refine(noNul, 'A command cannot contain NUL characters'),
  /** For commands that post a message (`/me`): a retry returns the same message. */
  clientMsgId: ClientMsgIdSchema.optional(),
});
export const CommandResultSchema = z.object({
  command: z.string(),
  /** A message the command posted, if any (`/me`). */
  message: MessageSchema.nullable(),
  /** Text shown only to the caller. */
  reply: z.string().nullable(),
  /** `/jitsi`: the call it started or found; clients open it. */
  callId: z.string().nullable().optional(),
});
export type CommandResult = z.infer<typeof CommandResultSchema>;

export const CommandInfoSchema = z.object({
  name: z.string(),
  usage: z.string(),
  description: z.string(),
});
export type CommandInfo = z.infer<typeof CommandInfoSchema>;
export const CommandListSchema = z.object({ commands: z.array(CommandInfoSchema) });

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

// Socket payloads (client → server).
export const SocketSendMessageSchema = SendMessageFieldsSchema.extend({ roomId: IdSchema }).refine(
  ...notEmpty,
);
export const SocketTypingSchema = z.object({ roomId: IdSchema, typing: z.boolean() });
export const SocketPresenceSetSchema = z.object({ status: z.enum(['online', 'away']) });
export const SocketPresenceGetSchema = z.object({
  userIds: z.array(IdSchema).max(500, 'Ask for at most 500 people at once'),
});
