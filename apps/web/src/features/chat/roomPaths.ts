import type { Room } from '@parley/shared';

/**
 * A consultation's chat is reached only through its consultation's page (its own call, its own
 * rules): lists of rooms leave it out, and its room address leads to that page.
 */
export const isConsultationRoom = (room: Pick<Room, 'type'>): boolean => room.type === 'consultation';

/** Where a room opens: `/rooms/<id>`, or a consultation's page for a consultation's chat. */
export function roomPath(room: Pick<Room, 'id' | 'type' | 'consultationId'>): string {
  if (isConsultationRoom(room) && room.consultationId) return `/consultations/${room.consultationId}`;
  return `/rooms/${room.id}`;
}
