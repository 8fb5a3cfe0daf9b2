import type { ConsultationRole } from '@parley/shared';
import { Errors } from '../../errors.js';
import type { ConsultationRow, ConsultationsRepository } from './consultations.repository.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isConsultationId = (value: string): boolean => UUID_RE.test(value);

/** The consultation if the actor is its client or provider; otherwise the same 404 as a missing one. */
export async function forParty(
  consultations: Pick<ConsultationsRepository, 'get'>,
  actor: { id: string },
  id: string,
): Promise<{ row: ConsultationRow; role: ConsultationRole }> {
  const row = isConsultationId(id) ? await consultations.get(id) : undefined;
  if (!row) throw Errors.consultationNotFound();
  if (row.provider_id === actor.id) return { row, role: 'provider' };
  if (row.client_id === actor.id) return { row, role: 'client' };
  throw Errors.consultationNotFound();
}

/** How a party is named in the consultation's chat: the client under their nickname, if they gave one. */
export function partyName(
  detail: { row: ConsultationRow; provider: { display_name: string }; client: { display_name: string } },
  party: ConsultationRole,
): string {
  return party === 'provider'
    ? detail.provider.display_name
    : (detail.row.client_nickname ?? detail.client.display_name);
}
