import type { ClaimAccountRequest, VisitInfo } from '@parley/shared';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { hashPassword } from '../../lib/password.js';
import type { Principal } from '../../lib/principal.js';
import type { AuthEvents, AuthService, StartedSession } from '../auth/index.js';
import type { MfaService } from '../mfa/index.js';
import type { SettingsService } from '../settings/index.js';
import { toAccount, type Account, type UsersRepository } from '../users/index.js';
import { guestTokenHash } from './guest-accounts.js';
import type { GuestsRepository } from './guests.repository.js';
import type { VisitRecord, VisitsRepository } from './visits.repository.js';

export interface VisitsDependencies {
  visits: VisitsRepository;
  passes: GuestsRepository;
  users: UsersRepository;
  auth: AuthService;
  authEvents: AuthEvents;
  mfa: MfaService;
  settings: SettingsService;
  clock: Clock;
  passwordHashCost: number;
}

type LiveVisit = VisitRecord & {
  user: NonNullable<VisitRecord['user']>;
  consultation: NonNullable<VisitRecord['consultation']>;
};

/**
 * Personal links (issue 19): what `/visit/<token>` opens, the guest session it starts, and a guest
 * turning their link into an account. A link works while it is neither revoked nor expired, for a
 * guest account that is still a guest and active, and for a consultation that still exists.
 */
export class VisitsService {
  constructor(private readonly deps: VisitsDependencies) {}

  async info(token: string): Promise<VisitInfo> {
    const visit = await this.live(token);
    const { name: workspace } = await this.deps.settings.get('workspace');
    return {
      workspace,
      guestName: visit.user.display_name,
      purpose: visit.pass.purpose,
      consultationId: visit.consultation.id,
      providerName: visit.consultation.provider_name,
      start: visit.consultation.start_at,
      end: visit.consultation.end_at,
      status: visit.consultation.status as VisitInfo['status'],
    };
  }

  /**
   * A session for the link's guest; a browser signed in as someone else is signed out here first (the
   * page asked them), so one browser is never two people at once.
   */
  async startSession(
    token: string,
    context: { ip: string; userAgent: string | null; current: Principal | null },
  ): Promise<{ session: StartedSession; consultationId: string }> {
    const visit = await this.live(token);
    const { current } = context;
    if (current?.sessionId && current.user.id !== visit.user.id) await this.deps.auth.logout(current);
    await this.deps.passes.touchPass(visit.pass.id, this.deps.clock.now().toISOString());
    const session = await this.deps.auth.startGuestSession(
      visit.user,
      { ip: context.ip, userAgent: context.userAgent },
      new Date(visit.pass.expires_at),
    );
    return { session, consultationId: visit.consultation.id };
  }

  /**
   * `POST /me/claim`: a guest becomes an account holder (username, password, optional e-mail) and keeps
   * every consultation (they are the same account). The session goes on; the personal links end, since
   * a password signs in from now on.
   */
  async claim(principal: Principal, request: ClaimAccountRequest): Promise<Account> {
    if (principal.user.guest !== 1) {
      throw Errors.conflict('alreadyHaveAccount');
    }
    const password = await hashPassword(request.password, this.deps.passwordHashCost);
    const nowIso = this.deps.clock.now().toISOString();
    let user;
    try {
      user = await this.deps.users.update(principal.user.id, {
        username: request.username,
        password_hash: password,
        ...(request.email !== undefined ? { email: request.email } : {}),
        guest: 0,
        updated_at: nowIso,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.usernameTaken(request.username);
      throw err;
    }
    if (!user) throw Errors.authenticationRequired();
    await this.deps.visits.revokeAllOf(user.id, nowIso);
    // From now on the second-factor policy may cover them like anyone (their grace starts now).
    await this.deps.mfa.noteSignIn(user);
    await this.deps.authEvents.userChanged(user.id);
    return toAccount(user);
  }

  /** The link's pass, person and consultation, or the refusal the visitor is shown. */
  private async live(token: string): Promise<LiveVisit> {
    const visit = await this.deps.visits.find(guestTokenHash(token));
    if (!visit || visit.pass.revoked_at !== null) throw Errors.guestLinkInvalid();
    const { user, consultation } = visit;
    if (!user || user.guest !== 1 || user.active !== 1 || !consultation) throw Errors.guestLinkInvalid();
    if (visit.pass.expires_at <= this.deps.clock.now().toISOString()) throw Errors.guestLinkExpired();
    return { ...visit, user, consultation };
  }
}
