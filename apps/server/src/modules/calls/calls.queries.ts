import type { Call } from '@parley/shared';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { Actor, ChatRepositories, MembershipService } from '../chat/index.js';
import { accessCall } from './calls.access.js';
import type { CallFilters, CallsRepository } from './calls.repository.js';
import type { CallViews } from './call-views.js';

export interface CallsQueriesDependencies {
  uow: UnitOfWork<ChatRepositories & { calls: CallsRepository }>;
  membership: MembershipService;
  views: CallViews;
}

/** Reading calls: one call, a room's calls, a person's call history, the admin call log. */
export class CallsQueries {
  constructor(private readonly deps: CallsQueriesDependencies) {}

  async get(actor: Actor, callId: string): Promise<Call> {
    const { row } = await accessCall(this.deps.uow.repos, actor, callId);
    return this.deps.views.present(row, actor.id);
  }

  async listForRoom(actor: Actor, roomId: string, before: string | undefined, limit: number) {
    await this.deps.membership.viewAsMember(actor, roomId);
    return this.deps.views.page(
      await this.deps.uow.repos.calls.list({ roomId, before, limit }),
      limit,
      actor.id,
    );
  }

  async listMine(
    actor: Actor,
    direction: 'all' | 'incoming' | 'outgoing' | 'missed',
    before: string | undefined,
    limit: number,
  ) {
    const rows = await this.deps.uow.repos.calls.listForUser(actor.id, direction, before, limit);
    return this.deps.views.page(rows, limit, actor.id);
  }

  /** The admin call log (any room; DMs named after all their members). */
  async listAll(filters: CallFilters) {
    return this.deps.views.page(await this.deps.uow.repos.calls.list(filters), filters.limit, null);
  }
}
