import { createHash } from 'node:crypto';
import {
  createTokenSigner,
  diagnose,
  joinCall,
  type JitsiSettings,
  type TokenSigner,
  type TokenUser,
} from '@parley/jitsi';
import { Errors } from '../errors.js';
import type { MeetingJoin, MeetingJoinRequest, MeetingProblem, MeetingProvider } from './meeting-provider.js';

/**
 * Jitsi (self-hosted with JWT, or JaaS) behind the meeting port. Keys are parsed once per settings
 * version: the signer is kept with a fingerprint of the settings it was made from and replaced only
 * when they change (an admin's update here or on another node), never per join.
 */
export class JitsiMeetings implements MeetingProvider {
  readonly name = 'jitsi' as const;
  private current: { fingerprint: string; signer: TokenSigner } | null = null;

  constructor(
    /** The decrypted Jitsi settings as stored now. */
    private readonly settings: () => Promise<JitsiSettings>,
    private readonly now: () => number = Date.now,
  ) {}

  async problems(): Promise<MeetingProblem[]> {
    const settings = await this.settings();
    if (settings.domain === '' && !settings.useJaas) {
      return [{ field: 'domain', message: 'Choose the Jitsi domain calls run on' }];
    }
    return diagnose(settings).map((p) => ({ field: p.field, message: p.message }));
  }

  async join(request: MeetingJoinRequest): Promise<MeetingJoin> {
    const signer = await this.signer();
    const user: TokenUser = { id: request.user.id, name: request.user.displayName };
    if (request.user.avatarUrl) user.avatar = request.user.avatarUrl;
    if (request.user.email && signer.settings.shareEmail) user.email = request.user.email;
    const info = joinCall(signer, { callId: request.callId, user, moderator: request.moderator });
    return {
      roomName: info.roomName,
      url: info.url,
      jwt: info.jwt ?? null,
      iframe: info.iframe as unknown as Record<string, unknown>,
    };
  }

  /** Jitsi closes a room when its last participant leaves; there is nothing to call. */
  end(): Promise<void> {
    return Promise.resolve();
  }

  /** The signer for the settings as they are now; made (and its key parsed) only when they changed. */
  async signer(): Promise<TokenSigner> {
    const settings = await this.settings();
    const fingerprint = createHash('sha256').update(JSON.stringify(settings)).digest('hex');
    if (this.current?.fingerprint === fingerprint) return this.current.signer;
    if (settings.domain === '' && !settings.useJaas) throw Errors.meetingsNotConfigured();
    let signer: TokenSigner;
    try {
      signer = createTokenSigner(settings, { now: this.now });
    } catch {
      throw Errors.meetingsNotConfigured();
    }
    this.current = { fingerprint, signer };
    return signer;
  }
}
