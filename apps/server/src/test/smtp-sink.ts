import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the sink received it, with the few parts tests read decoded. */
export interface SunkMessage {
  /** Envelope sender and recipients (MAIL FROM / RCPT TO). */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header values, names lowercased (unfolded; encoded words decoded). */
  headers: Record<string, string>;
  subject: string;
  /** The text body (the text/plain part of a multipart message), transfer encoding undone. */
  text: string;
  /** The text/html part of a multipart/alternative message, or null. */
  html: string | null;
  /** Parts sent as attachments (multipart/mixed), decoded: a calendar invitation's `.ics`. */
  attachments: { filename: string; contentType: string; content: string }[];
  raw: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: what SMTP_URL is set to. */
  url: string;
  messages: SunkMessage[];
  /** The first message (received or coming) that matches; rejects after `timeoutMs`. */
  next(match?: (m: SunkMessage) => boolean, timeoutMs?: number): Promise<SunkMessage>;
  /** While on, every message is answered `451` (a relay that is failing) and not kept. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free loopback port (the `smtp-server` package), keeping every message it
 * is given. No TLS and no authentication: it stands in for a relay on the same host.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const waiting: { match: (m: SunkMessage) => boolean; resolve: (m: SunkMessage) => void }[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusing) {
          callback(
            Object.assign(new Error('Local error in processing, try again later'), { responseCode: 451 }),
          );
          return;
        }
        const message = parseMessage(Buffer.concat(chunks).toString('utf8'), {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        messages.push(message);
        for (const w of [...waiting]) {
          if (w.match(message)) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(message);
          }
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next(match = () => true, timeoutMs = 5_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const entry = { match, resolve };
        waiting.push(entry);
        setTimeout(() => {
          const i = waiting.indexOf(entry);
          if (i < 0) return;
          waiting.splice(i, 1);
          reject(new Error(`no matching email within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs).unref();
      });
    },
    refuse(on) {
      refusing = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header block and its body, the body's transfer encoding undone. */
function parseEntity(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
    }
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { headers, body: decoded.replace(/\r\n/g, '\n') };
}

/**
 * Just enough MIME for Parley's mail: a single text part, or multipart/alternative with a text and an
 * HTML part (headers, quoted-printable or base64 bodies).
 */
function parseMessage(raw: string, envelope: { from: string; to: string[] }): SunkMessage {
  const { headers, body } = parseEntity(raw);
  let text = body;
  let html: string | null = null;
  const attachments: SunkMessage['attachments'] = [];
  if (boundaryOf(headers)) {
    // Leaves of the tree: multipart/mixed (attachments) may hold a multipart/alternative.
    const parts = leafParts(raw);
    const isAttachment = (p: ReturnType<typeof parseEntity>) =>
      /^attachment/i.test(p.headers['content-disposition'] ?? '');
    const ofType = (type: string) =>
      parts.find((p) => !isAttachment(p) && (p.headers['content-type'] ?? '').toLowerCase().startsWith(type));
    text = ofType('text/plain')?.body ?? '';
    html = ofType('text/html')?.body ?? null;
    for (const part of parts.filter(isAttachment)) {
      attachments.push({
        filename: /filename="?([^";]+)"?/i.exec(part.headers['content-disposition'] ?? '')?.[1] ?? '',
        contentType: part.headers['content-type'] ?? '',
        content: part.body,
      });
    }
  }
  return {
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    headers,
    subject: headers.subject ?? '',
    text,
    html,
    attachments,
    raw,
  };
}

const boundaryOf = (headers: Record<string, string>) =>
  /^multipart\/[^;]+;.*boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];

/** The non-multipart entities inside a multipart entity, depth first. */
function leafParts(raw: string): ReturnType<typeof parseEntity>[] {
  const entity = parseEntity(raw);
  const boundary = boundaryOf(entity.headers);
  if (!boundary) return [entity];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => leafParts(part.replace(/^\r?\n/, '')));
}

function decodeQuotedPrintable(value: string): string {
  const joined = value.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII headers. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_all, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
