/**
 * A one-event iCalendar file (RFC 5545) for a consultation: UTC times, CRLF line ends, TEXT values
 * escaped, lines folded at 75 octets without splitting a UTF-8 character. The UID stays the same for
 * the consultation's whole life and SEQUENCE grows with each move, so calendars update the event
 * instead of adding another. No email addresses: attendees are not listed.
 */

export interface CalendarEvent {
  /** The consultation id; the UID is `<id>@parley`. */
  id: string;
  /** How many times the event moved (0 for the first version). */
  sequence: number;
  /** ISO instants. */
  start: string;
  end: string;
  /** When this version of the event was made. */
  stamp: string;
  summary: string;
  description: string;
  url: string;
  /** `TENTATIVE`: proposed, not yet accepted (a guest's invitation, issue 19). */
  status: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** The language of SUMMARY and DESCRIPTION (issue 21), as their `LANGUAGE` parameter (RFC 5545 §3.2.10). */
  language?: string;
}

/** `20261201T090000Z`. */
export function icsTime(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line into pieces of at most 75 octets; continuation lines start with one space. */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = pieces.length === 0 ? 75 : 74; // the leading space of a continuation is an octet too
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

export function buildIcs(event: CalendarEvent): string {
  // English stays as it always was (no parameter); other languages are named.
  const lang = event.language && event.language !== 'en' ? `;LANGUAGE=${event.language}` : '';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Parley//Consultations//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${event.id}@parley`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icsTime(event.stamp)}`,
    `DTSTART:${icsTime(event.start)}`,
    `DTEND:${icsTime(event.end)}`,
    `SUMMARY${lang}:${escapeText(event.summary)}`,
    `DESCRIPTION${lang}:${escapeText(event.description)}`,
    `URL:${event.url}`,
    `STATUS:${event.status}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
