import type { MailMessage } from '../../mail/mailer.js';
import type { DigestItem } from './digest.repository.js';

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Where an item happened, never a consultation's name (its parties' business). */
const placeOf = (item: DigestItem) =>
  item.roomType === 'direct'
    ? 'a direct message'
    : item.roomType === 'consultation'
      ? 'a consultation'
      : item.roomName;

/**
 * The digest of unread DMs and mentions (English; one function per mail so it can be localized).
 * It lists who wrote where, with a link to each room, and never the message text: e-mail is not
 * end to end, and consultation chats must never leave Parley.
 */
export function digestEmail(input: {
  to: string;
  displayName: string;
  workspaceName: string;
  items: DigestItem[];
  publicUrl: string;
  unsubscribeUrl: string;
}): MailMessage {
  const lines = input.items.map((item) => ({
    text: `${item.sender} ${item.mention ? 'mentioned you in' : 'wrote in'} ${placeOf(item)}`,
    link: `${input.publicUrl}/rooms/${encodeURIComponent(item.roomId)}`,
  }));
  const count = input.items.length;
  const subject = `${count} unread ${count === 1 ? 'message' : 'messages'} on ${input.workspaceName}`;
  const intro = `Hello ${input.displayName}, these are waiting for you on ${input.workspaceName}:`;
  const footer =
    'You get this e-mail because you asked for one when direct messages and mentions stay unread.';
  const text = [
    intro,
    '',
    ...lines.flatMap((l) => [`- ${l.text}`, `  ${l.link}`]),
    '',
    footer,
    `Stop these e-mails: ${input.unsubscribeUrl}`,
    '',
    '— Parley',
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    `<p>${escapeHtml(intro)}</p>`,
    '<ul>',
    ...lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.text)}</a></li>`),
    '</ul>',
    `<p style="font-size: 0.9em">${escapeHtml(footer)} <a href="${escapeHtml(input.unsubscribeUrl)}">Stop these e-mails</a></p>`,
    '<p>— Parley</p>',
    '</body></html>',
    '',
  ].join('\n');
  return {
    to: input.to,
    subject,
    text,
    html,
    // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to the link.
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** The page the unsubscribe link shows (English): a confirmation form, or that it is done. */
export function unsubscribePage(state: 'confirm' | 'done' | 'invalid', action: string): string {
  const body =
    state === 'confirm'
      ? `<p>Stop the e-mails about unread direct messages and mentions?</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Stop these e-mails</button></form>`
      : state === 'done'
        ? '<p>Done: you will get no more e-mails about unread messages. You can turn them on again in your profile.</p>'
        : '<p>This unsubscribe link is not valid.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Parley e-mails</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 2rem auto; padding: 0 1rem">
<h1>Parley e-mails</h1>
${body}
</body></html>
`;
}
