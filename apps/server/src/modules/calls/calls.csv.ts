import type { Call } from '@parley/shared';
import { durationSeconds } from './calls.presenter.js';

const HEADER = [
  'id',
  'created_at',
  'room_id',
  'room',
  'type',
  'status',
  'title',
  'caller',
  'started_at',
  'ended_at',
  'duration_seconds',
  'end_reason',
  'joined',
  'invited',
];

/**
 * RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, tab, carriage return): titles and names come from users.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The call log as CSV, one call per line; people as usernames separated by spaces. */
export function callsCsv(calls: Call[]): string {
  const lines = [HEADER.join(',')];
  for (const call of calls) {
    const caller = call.participants.find((p) => p.user.id === call.createdBy)?.user.username ?? '';
    const joined = call.participants.filter((p) => p.joinedAt !== null).map((p) => p.user.username);
    lines.push(
      [
        call.id,
        call.createdAt,
        call.roomId,
        call.roomDisplayName,
        call.type,
        call.status,
        call.title,
        caller,
        call.startedAt,
        call.endedAt,
        durationSeconds(call),
        call.endReason,
        joined.join(' '),
        call.participants.map((p) => p.user.username).join(' '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
