import {
  type AccessLogQuerySchema,
  type Consultation,
  type ConsultationsSettings,
  type ConsultationStatus,
  type FeedbackListQuerySchema,
  type FeedbackListResponse,
  type FeedbackRequest,
} from '@parley/shared';
import type { z } from 'zod';
import type { UnitOfWork } from '../../db/unit-of-work.js';
import type { SessionRepositories } from './session-presence.js';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { postSystemMessage, purgeRoom, type Actor } from '../chat/index.js';
import { presentConsultation } from './consultations.presenter.js';
import { forParty } from './party.js';

/** Feedback is for sessions that took place or were due: not for held, scheduled or called-off ones. */
const FEEDBACK_STATUSES: readonly ConsultationStatus[] = [
  'active',
  'finished',
  'no_show_client',
  'no_show_provider',
];

export interface RecordsDependencies {
  uow: UnitOfWork<SessionRepositories>;
  settings: () => Promise<ConsultationsSettings>;
  clock: Clock;
}

/**
 * What a consultation leaves behind: the client's erasure of its chat, the parties' feedback, and the
 * administrators' lists (who opened which consultation, the feedback given), never the chat itself.
 */
export class ConsultationRecordsService {
  constructor(private readonly deps: RecordsDependencies) {}

  private nowMs(): number {
    return this.deps.clock.now().getTime();
  }

  /**
   * The client erases the consultation's chat, at any time: every message goes for good, a line
   * says it was erased, and the purge is recorded (when and how many, never what).
   */
  async eraseChat(actor: Actor, id: string): Promise<{ erased: number }> {
    const { row, role } = await forParty(this.deps.uow.repos.consultations, actor, id);
    if (role !== 'client') {
      throw Errors.forbidden('clientErasesChat');
    }
    const roomId = row.room_id;
    if (roomId === null) return { erased: 0 };
    const nowMs = this.nowMs();
    const nowIso = new Date(nowMs).toISOString();
    // The purge, its record and the line saying so commit together.
    const erased = await this.deps.uow.run(async (tx) => {
      const count = await purgeRoom(tx, roomId);
      await tx.consultationSessions.recordPurge({
        id: newId(nowMs),
        consultation_id: row.id,
        reason: 'client_erasure',
        by_user_id: actor.id,
        messages: count,
        at: nowIso,
      });
      const text = 'The client erased the chat history';
      await postSystemMessage(tx, { roomId, authorId: null, text, nowIso });
      return count;
    });
    return { erased };
  }

  /** Either party's short feedback, once, on a consultation that started or ended as planned. */
  async feedback(actor: Actor, id: string, body: FeedbackRequest): Promise<Consultation> {
    const { row } = await forParty(this.deps.uow.repos.consultations, actor, id);
    if (!FEEDBACK_STATUSES.includes(row.status)) {
      throw row.status === 'held' || row.status === 'scheduled'
        ? Errors.consultationState('feedbackNotOpen')
        : Errors.consultationState('feedbackEnded', { status: row.status });
    }
    try {
      await this.deps.uow.repos.consultationSessions.insertFeedback({
        consultation_id: row.id,
        user_id: actor.id,
        rating: body.rating,
        needs_addressed: body.needsAddressed,
        comment: body.comment === undefined || body.comment === '' ? null : body.comment,
        created_at: new Date(this.nowMs()).toISOString(),
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      throw Errors.conflict('feedbackAlreadySent');
    }
    const detail = await this.deps.uow.repos.consultations.detail(row.id);
    if (!detail) throw Errors.consultationNotFound();
    return presentConsultation(detail, actor.id, await this.deps.settings());
  }

  /** The admin view: who opened which consultation and when, newest first; never the chat. */
  async accessLog(query: z.infer<typeof AccessLogQuerySchema>) {
    const limit = query.limit ?? 50;
    const rows = await this.deps.uow.repos.consultationSessions.accessLog({
      consultationId: query.consultationId,
      userId: query.userId,
      providerId: query.providerId,
      clientId: query.clientId,
      ...adminRange(query.from, query.to),
      before: query.before,
      limit,
    });
    const page = rows.slice(0, limit);
    return {
      entries: page.map((r) => ({
        consultationId: r.consultation_id,
        user:
          r.user_id === null
            ? null
            : {
                id: r.user_id,
                displayName: r.display_name ?? 'Deleted user',
                avatarUrl: r.avatar_file ? `/avatars/${r.avatar_file}` : null,
              },
        role: r.role,
        action: r.action,
        at: r.at,
      })),
      nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
    };
  }

  /**
   * The admin view of feedback, newest first, per provider if asked: the client appears only under
   * the nickname they booked with (null without one), never by name, username or email.
   */
  async feedbackList(query: z.infer<typeof FeedbackListQuerySchema>): Promise<FeedbackListResponse> {
    const limit = query.limit ?? 50;
    const filters = {
      providerId: query.providerId,
      ...adminRange(query.from, query.to),
      before: query.before === undefined ? undefined : parseFeedbackCursor(query.before),
    };
    const [rows, summary] = await Promise.all([
      this.deps.uow.repos.consultationSessions.feedbackList({ ...filters, limit }),
      this.deps.uow.repos.consultationSessions.feedbackSummary(filters),
    ]);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map((r) => ({
        consultationId: r.consultation_id,
        start: r.start_at,
        provider: {
          id: r.provider_id,
          displayName: r.provider_name,
          avatarUrl: r.provider_avatar ? `/avatars/${r.provider_avatar}` : null,
        },
        clientNickname: r.client_nickname,
        by: r.user_id === r.provider_id ? 'provider' : 'client',
        rating: Number(r.rating),
        needsAddressed: r.needs_addressed,
        comment: r.comment,
        at: r.created_at,
      })),
      summary: {
        count: summary.count,
        averageRating: summary.average === null ? null : Math.round(summary.average * 10) / 10,
      },
      nextBefore:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify([last.created_at, last.consultation_id, last.user_id])).toString(
              'base64url',
            )
          : null,
    };
  }
}

/**
 * The admin lists' `from`/`to`: an ISO instant as it is, a bare date as that UTC day's start (`from`)
 * or the next day's start (`to`, so the whole day counts). `from` after `to` is a 400.
 */
export function adminRange(
  from: string | undefined,
  to: string | undefined,
): { fromIso?: string; toIso?: string } {
  const instant = (value: string, field: 'from' | 'to') => {
    const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const ms = Date.parse(bare ? `${value}T00:00:00.000Z` : value);
    // Date.parse rolls 2026-02-31 over to March: a date must read back as written.
    if (Number.isNaN(ms) || (bare && new Date(ms).toISOString().slice(0, 10) !== value)) {
      throw Errors.validation([{ path: field, message: 'Not a date' }], 'fieldNotDate', { field });
    }
    return new Date(ms + (bare && field === 'to' ? 86_400_000 : 0)).toISOString();
  };
  const range: { fromIso?: string; toIso?: string } = {};
  if (from !== undefined) range.fromIso = instant(from, 'from');
  if (to !== undefined) range.toIso = instant(to, 'to');
  if (range.fromIso !== undefined && range.toIso !== undefined && range.fromIso >= range.toIso) {
    throw Errors.validation([{ path: 'to', message: 'Ends before it starts' }], 'dateRangeBackwards');
  }
  return range;
}

/** `before` of the feedback list: the last entry of the previous page, as `nextBefore` gave it. */
function parseFeedbackCursor(value: string): { at: string; consultationId: string; userId: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed.every((part) => typeof part === 'string' && part.length <= 64)
    ) {
      const [at, consultationId, userId] = parsed as [string, string, string];
      return { at, consultationId, userId };
    }
  } catch {
    // Falls through to the 400.
  }
  throw Errors.validation([{ path: 'before', message: 'Not a cursor' }], 'useNextBefore');
}
