import type { Generated, Selectable } from 'kysely';

/**
 * Table types. Times are ISO-8601 UTC strings (`toISOString()`), which sort correctly as text and read
 * back identically from SQLite and PostgreSQL; flags are 0/1 integers for the same reason.
 */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  role: 'admin' | 'user';
  avatar_file: string | null;
  /** 1 active, 0 deactivated (cannot sign in). */
  active: Generated<number>;
  /** 1 while the account offers consultations (its profile is in `providers`). */
  is_provider: Generated<number>;
  created_at: string;
  updated_at: string;
  /** When the second-factor policy first asked this person for a factor (their grace starts). */
  mfa_required_since: string | null;
  /** 1 for a guest without an account (issue 19): cannot sign in, never listed, reaches only its link's scope. */
  guest: Generated<number>;
  /** The chosen language (issue 21), one of `LOCALES`; null: the browser's. */
  locale: string | null;
}

export type UserRow = Selectable<UsersTable>;
/** A user as the rest of the server sees one: never with the password hash (principals carry it). */
export type Account = Omit<UserRow, 'password_hash'>;

/** Issue 21: one browser's Web Push subscription. */
export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url (they let us encrypt to it). */
  p256dh: string;
  auth: string;
  device: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** Issue 21: the server's VAPID key pair (one row, `id` = 'vapid'); the private key sealed. */
export interface PushKeysTable {
  id: string;
  /** Uncompressed P-256 point, base64url (what browsers subscribe with). */
  public_key: string;
  /** The 32-byte private scalar, base64url, sealed with SecretBox. */
  private_key: string;
  created_at: string;
}

/** Issue 21: a ringing push went to this person for this call (the close push is still due). */
export interface PushRingsTable {
  call_id: string;
  user_id: string;
  created_at: string;
}

/** Issue 21: a person's notification settings (a row once they change a default). */
export interface NotificationSettingsTable {
  user_id: string;
  dnd_until: string | null;
  /** JSON of a `DndSchedule`. */
  dnd_schedule: string | null;
  digest_minutes: number | null;
  missed_calls: Generated<number>;
  preview: Generated<number>;
  updated_at: string;
}

/** Issue 21: a pending digest e-mail (a timer row for the sweeper). */
export interface NotificationDigestsTable {
  user_id: string;
  due_at: string;
  since: string;
}

/** The missed-call e-mail's outbox (issue 21): one row per person to tell, sent by the sweeper. */
export interface MissedCallMailsTable {
  call_id: string;
  user_id: string;
  due_at: string;
  attempts: Generated<number>;
}

export interface SessionsTable {
  /** sha256 of the cookie value; the cookie itself is never stored. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  user_agent: string | null;
  /** What the API shows for this session (random; never the id above, which is the cookie's hash). */
  public_id: string;
  /** The last request authenticated with it (written at most once a minute). */
  last_seen_at: string;
  /** The address of that request (or of the sign-in). */
  ip: string | null;
  /** How it signed in: 'password', 'passkey', or the identity provider's name. */
  signed_in_with: string | null;
  /** When this session last proved a second factor (step-up); null if never. */
  mfa_at: string | null;
  /** Set when signed in through single sign-on: back-channel logout and RP-initiated logout use it. */
  identity_provider_id: string | null;
  /** The provider's session id (`sid`), when it gave one. */
  oidc_sid: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** sha256 of the secret; the secret is shown once at creation. */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  /** Space-separated TokenScope values. */
  scopes: string;
}

export interface SettingsTable {
  key: string;
  /** JSON text of one settings section. */
  value: string;
  updated_at: string;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  /** sha256 of the link's token; the token itself is shown once to the admin. */
  token_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface RoomsTable {
  id: string;
  type: 'direct' | 'channel' | 'private' | 'team' | 'discussion' | 'consultation';
  name: string | null;
  display_name: string;
  topic: Generated<string>;
  parent_id: string | null;
  team_id: string | null;
  source_message_id: string | null;
  direct_key: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  last_seq: Generated<number>;
  member_count: Generated<number>;
}

export interface RoomMembersTable {
  room_id: string;
  user_id: string;
  role: 'owner' | 'moderator' | 'member';
  joined_at: string;
  last_read_seq: Generated<number>;
  /** How the room's chat presents this member instead of their account (a consultation's nickname). */
  alias: string | null;
  /** Issue 21: what notifies this member (`all` | `mentions` | `none`). */
  notify_level: Generated<'all' | 'mentions' | 'none'>;
  /** Issue 21: muted until this ISO time (only mentions count and notify meanwhile); null: not muted. */
  mute_until: string | null;
}

export interface MessagesTable {
  id: string;
  room_id: string;
  seq: number;
  kind: 'user' | 'system';
  author_id: string | null;
  text: string;
  action: Generated<number>;
  reply_to_id: string | null;
  mentions: Generated<string>;
  client_msg_id: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** A call's message: the web shows the call's live state. */
  call_id: string | null;
  /** Issue 20: a thread reply's root (same room; a root is never a reply). */
  thread_id: Generated<string | null>;
  /** Issue 20: a thread root's reply count and newest reply, kept with each reply. */
  thread_replies: Generated<number>;
  thread_last_reply_at: Generated<string | null>;
}

/** Issue 20: one person's emoji on one message (migration 20261209000200_reactions_threads). */
export interface MessageReactionsTable {
  message_id: string;
  user_id: string;
  emoji: string;
  created_at: string;
}

/** Issue 20: who follows a thread (`following` 0: unfollowed on purpose) and how far they read it. */
export interface ThreadFollowsTable {
  root_id: string;
  user_id: string;
  room_id: string;
  following: Generated<number>;
  last_read_seq: Generated<number>;
  created_at: string;
}

/** Issue 20: a file uploaded into a room (migration 20261209000000_uploads). */
export interface UploadsTable {
  id: string;
  owner_id: string | null;
  room_id: string;
  message_id: string | null;
  position: Generated<number>;
  name: string;
  type: string;
  /** bigint on PostgreSQL: read it through Number(). */
  size: number | string;
  width: number | null;
  height: number | null;
  object_key: string;
  thumbnail_key: string | null;
  created_at: string;
  attached_at: string | null;
}

export interface MessageMentionsTable {
  message_id: string;
  room_id: string;
  user_id: string;
  seq: number;
}

export interface CallsTable {
  id: string;
  room_id: string;
  type: 'direct' | 'group';
  status: 'ringing' | 'ongoing' | 'ended' | 'missed' | 'declined' | 'canceled';
  title: string;
  created_by: string | null;
  provider: string;
  meeting_id: string;
  room_name: string;
  ringing: number;
  message_id: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  ring_until: string | null;
  idle_until: string | null;
  max_until: string;
  server_events: Generated<number>;
  version: Generated<number>;
  /** End-to-end encryption of this call's media, fixed when it starts. */
  e2ee_mode: Generated<E2eeModeColumn>;
  /** The media key (32 random bytes, hex) while the call is live and encryption is on; null otherwise. */
  e2ee_key: string | null;
}

export interface CallParticipantsTable {
  call_id: string;
  user_id: string;
  state: 'invited' | 'ringing' | 'accepted' | 'declined' | 'missed' | 'joined' | 'left';
  moderator: Generated<number>;
  invited_at: string;
  answered_at: string | null;
  joined_at: string | null;
  left_at: string | null;
  /** 1 when their browser said at join that it cannot encrypt media (they are in the call in clear). */
  unencrypted: Generated<number>;
}

export interface CallEventsTable {
  idempotency_key: string;
  call_id: string | null;
  received_at: string;
}

export type ConsultationStatusColumn =
  | 'held'
  | 'scheduled'
  | 'active'
  | 'finished'
  | 'canceled'
  | 'late_canceled'
  | 'no_show_client'
  | 'no_show_provider'
  | 'expired';

export interface ProvidersTable {
  user_id: string;
  active: Generated<number>;
  accepting: Generated<number>;
  bio: Generated<string>;
  /** JSON arrays. */
  specialities: Generated<string>;
  languages: Generated<string>;
  /** Lowercased name, username, specialities and languages, for search. */
  search_text: Generated<string>;
  /** The Availability document as JSON. */
  availability: string;
  timezone: string;
  session_minutes: number;
  created_at: string;
  updated_at: string;
  /** 1 while the provider offers a public booking page (issue 19; only while the admin allows it). */
  public_booking: Generated<number>;
}

export interface ConsultationsTable {
  id: string;
  provider_id: string;
  client_id: string;
  status: ConsultationStatusColumn;
  booked_by: 'client' | 'provider';
  client_nickname: string | null;
  start_at: string;
  end_at: string;
  held_until: string | null;
  proposal_start: string | null;
  proposal_end: string | null;
  proposal_at: string | null;
  room_id: string | null;
  provider_joined_at: string | null;
  client_joined_at: string | null;
  provider_left_at: string | null;
  client_left_at: string | null;
  provider_in_call: Generated<number>;
  client_in_call: Generated<number>;
  canceled_by: 'client' | 'provider' | null;
  cancel_reason: string | null;
  ended_at: string | null;
  /** JSON array of reminder offsets (minutes) already sent. */
  reminders_sent: Generated<string>;
  purge_at: string | null;
  purged_at: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ConsultationClaimsTable {
  provider_id: string;
  slot_at: string;
  consultation_id: string;
}

export interface ConsultationTransitionsTable {
  id: string;
  consultation_id: string;
  from_status: ConsultationStatusColumn | null;
  to_status: ConsultationStatusColumn;
  by_user_id: string | null;
  reason: string | null;
  previous_start: string | null;
  at: string;
}

export interface ConsultationAccessLogTable {
  id: string;
  consultation_id: string;
  user_id: string | null;
  role: 'client' | 'provider' | 'participant';
  action: 'view' | 'join' | 'chat';
  at: string;
}

export interface ConsultationFeedbackTable {
  consultation_id: string;
  user_id: string;
  rating: number;
  needs_addressed: 'yes' | 'partly' | 'no';
  comment: string | null;
  created_at: string;
}

export interface ConsultationPurgesTable {
  id: string;
  consultation_id: string;
  reason: 'retention' | 'client_erasure';
  by_user_id: string | null;
  messages: number;
  at: string;
}

/** A consultation's call as the session sees it (one row per consultation, made on first use). */
export interface ConsultationSessionsTable {
  consultation_id: string;
  /** 1 once Jitsi itself reported on this consultation: its events, not the browsers', set presence. */
  server_events: Generated<number>;
  /** When each party's in-call flag last changed (older Jitsi deliveries are ignored). */
  provider_presence_at: string | null;
  client_presence_at: string | null;
  /** JSON: each party's camera and microphone as last reported ({ provider: { camera, microphone } }). */
  media: Generated<string>;
  /** End-to-end encryption of the session's media: decided at the first join, null before. */
  e2ee_mode: E2eeModeColumn | null;
  /** The media key (32 random bytes, hex); erased when the consultation ends. */
  e2ee_key: string | null;
  /** 1 when that party's browser said at join that it cannot encrypt media. */
  provider_unencrypted: Generated<number>;
  client_unencrypted: Generated<number>;
}

export type E2eeModeColumn = 'off' | 'offered' | 'required';

/** A TOTP authenticator or a passkey (issue 18). */
export interface MfaFactorsTable {
  id: string;
  user_id: string;
  type: 'totp' | 'passkey';
  name: string;
  /** 0 for a TOTP secret shown but not yet confirmed with a code. */
  confirmed: Generated<number>;
  /** Sealed with the SecretBox. */
  totp_secret: string | null;
  /** The last TOTP time step accepted: that step and earlier ones are refused (replay). */
  totp_last_step: number | null;
  /** base64url credential id and COSE public key of a passkey. */
  credential_id: string | null;
  public_key: string | null;
  sign_count: Generated<number>;
  /** JSON array of the authenticator's transports. */
  transports: string | null;
  created_at: string;
  last_used_at: string | null;
}

export interface MfaRecoveryCodesTable {
  user_id: string;
  /** sha256 of the normalised code. */
  code_hash: string;
  used_at: string | null;
}

/** A password (or SSO) sign-in waiting for its second factor; id is sha256 of the `parley_mfa` cookie. */
export interface MfaPendingSignInsTable {
  id: string;
  user_id: string;
  method: string;
  /** JSON of SignInContext.identity, for single sign-on. */
  identity: string | null;
  attempts: Generated<number>;
  created_at: string;
  expires_at: string;
}

export interface IdentityProvidersTable {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  /** Sealed with SecretBox. */
  client_secret: string;
  /** JSON arrays and objects: scopes, claim mapping, group → role, allowed domains. */
  scopes: string;
  claims: string;
  group_roles: string;
  allowed_domains: string;
  auto_create: number;
  trust_provider_mfa: number;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface UserIdentitiesTable {
  id: string;
  user_id: string;
  provider_id: string;
  /** The provider's `sub` claim. */
  subject: string;
  email: string | null;
  linked_at: string;
  last_sign_in_at: string | null;
}

/** A single sign-on in flight; the row is deleted when its `state` comes back (it works once). */
export interface OidcFlowsTable {
  /** sha256 of the `state` sent to the provider. */
  state_hash: string;
  /** sha256 of the `parley_oidc` cookie of the browser that started it (login CSRF). */
  browser_hash: string;
  provider_id: string;
  purpose: 'sign-in' | 'link';
  /** The person linking an account (purpose 'link'). */
  user_id: string | null;
  nonce: string;
  code_verifier: string;
  /** A same-origin path to land on after signing in. */
  return_to: string;
  created_at: string;
  expires_at: string;
}

export interface WebauthnChallengesTable {
  challenge: string;
  purpose: 'register' | 'step-up' | 'sign-in-mfa' | 'passwordless';
  /** A user id, a pending sign-in id, or '' for passwordless sign-in. */
  owner: string;
  expires_at: string;
}

export interface SecurityEventsTable {
  id: string;
  user_id: string;
  actor_id: string | null;
  kind: string;
  created_at: string;
}

/** Back-channel logout tokens already used (`jti`), kept until they could no longer be accepted. */
export interface OidcLogoutTokensTable {
  jti: string;
  expires_at: string;
}

/** A personal link for a guest client or third participant (issue 19); the token itself is never stored. */
export interface GuestPassesTable {
  id: string;
  /** sha256 (hex) of the token in the link. */
  token_hash: string;
  user_id: string;
  purpose: 'client' | 'participant';
  consultation_id: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A call guest link (issue 19): leads people without an account into the room's live call. */
export interface GuestLinksTable {
  id: string;
  room_id: string;
  /** The call it was made from (the link leads into whichever call is live in the room). */
  call_id: string | null;
  created_by: string | null;
  /** sha256 (hex) of the token in the link. */
  token_hash: string;
  /** scrypt, like passwords; null when the link has no passcode. */
  passcode_hash: string | null;
  /** 1: guests wait until someone in the call lets them in. */
  lobby: number;
  max_uses: number | null;
  uses: Generated<number>;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

/** A guest's request to join a call through a link (issue 19); `id` is the guest's id. */
export interface GuestAdmissionsTable {
  id: string;
  link_id: string;
  /** The guest's account (users.guest = 1). */
  user_id: string;
  call_id: string;
  /** sha256 (hex) of the guest's secret (`Authorization: Guest <secret>`). */
  secret_hash: string;
  status: 'waiting' | 'admitted' | 'denied' | 'ended';
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** The secret works until then at the latest (the call's maximum length). */
  expires_at: string;
}

/** A third participant in a consultation (issue 19): proposed by a party, let in by the client. */
export interface ConsultationParticipantsTable {
  id: string;
  consultation_id: string;
  /** Their guest account, made when the client consented; null before. */
  user_id: string | null;
  name: string;
  email: string | null;
  proposed_by: 'client' | 'provider';
  proposed_at: string;
  consent_at: string | null;
  /** The client's user id. */
  consent_by: string | null;
  /** 1: the client let them into the consultation's chat. */
  chat: Generated<number>;
  removed_at: string | null;
  removed_by: string | null;
  /** Their first join of the meeting. */
  joined_at: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  password_resets: PasswordResetsTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  push_subscriptions: PushSubscriptionsTable;
  push_keys: PushKeysTable;
  push_rings: PushRingsTable;
  notification_settings: NotificationSettingsTable;
  notification_digests: NotificationDigestsTable;
  missed_call_mails: MissedCallMailsTable;
  messages: MessagesTable;
  message_mentions: MessageMentionsTable;
  calls: CallsTable;
  call_participants: CallParticipantsTable;
  call_events: CallEventsTable;
  providers: ProvidersTable;
  consultations: ConsultationsTable;
  consultation_claims: ConsultationClaimsTable;
  consultation_transitions: ConsultationTransitionsTable;
  consultation_access_log: ConsultationAccessLogTable;
  consultation_feedback: ConsultationFeedbackTable;
  consultation_purges: ConsultationPurgesTable;
  consultation_sessions: ConsultationSessionsTable;
  mfa_factors: MfaFactorsTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_pending_sign_ins: MfaPendingSignInsTable;
  webauthn_challenges: WebauthnChallengesTable;
  security_events: SecurityEventsTable;
  identity_providers: IdentityProvidersTable;
  user_identities: UserIdentitiesTable;
  oidc_flows: OidcFlowsTable;
  oidc_logout_tokens: OidcLogoutTokensTable;
  guest_passes: GuestPassesTable;
  guest_links: GuestLinksTable;
  guest_admissions: GuestAdmissionsTable;
  consultation_participants: ConsultationParticipantsTable;
  uploads: UploadsTable;
  message_reactions: MessageReactionsTable;
  thread_follows: ThreadFollowsTable;
}
