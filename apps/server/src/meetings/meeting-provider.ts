/**
 * The video-provider port. Rooms and calls talk to this, never to Jitsi directly, so another
 * provider can be added beside the Jitsi adapter without touching them.
 */
export interface MeetingUser {
  /** Parley's user id (it comes back in the provider's events). */
  id: string;
  displayName: string;
  /** Absolute URL, or null. */
  avatarUrl: string | null;
  email: string | null;
}

export interface MeetingJoinRequest {
  /** The call's own random id (≥ 128 bits, never derived from the chat room). */
  callId: string;
  user: MeetingUser;
  moderator: boolean;
}

/** What a client needs to enter the meeting. */
export interface MeetingJoin {
  roomName: string;
  /** A link that opens the meeting in its own tab. */
  url: string;
  /** Null when the provider runs without tokens. */
  jwt: string | null;
  /** Options for the provider's embedded client (for Jitsi, the IFrame API). */
  iframe: Record<string, unknown>;
}

export interface MeetingProblem {
  field: string | null;
  message: string;
}

export interface MeetingProvider {
  readonly name: 'jitsi';
  /** What still stops meetings from working (empty when configured). */
  problems(): Promise<MeetingProblem[]>;
  /** A fresh per-user join; throws `meetingsNotConfigured` when the provider cannot be used. */
  join(request: MeetingJoinRequest): Promise<MeetingJoin>;
  /** Ends the meeting on the provider's side where it can (Jitsi rooms close when empty). */
  end(callId: string): Promise<void>;
}
