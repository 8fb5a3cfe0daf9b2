import { recipientLocale, translator, type Translator } from '../../i18n/index.js';
import type { MailMessage } from '../../mail/mailer.js';
import type { DigestItem } from './digest.repository.js';

export const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Where an item happened, never a consultation's name (its parties' business). */
const placeOf = (t: Translator, item: DigestItem) =>
  item.roomType === 'direct'
    ? t.t('mail.digest.placeDirect')
    : item.roomType === 'consultation'
      ? t.t('mail.digest.placeConsultation')
      : item.roomName;

/**
 * The digest of unread DMs and mentions, in the recipient's language. It lists who wrote where,
 * with a link to each room, and never the message text: e-mail is not end to end, and consultation
 * chats must never leave Parley.
 */
export function digestEmail(input: {
  to: string;
  displayName: string;
  /** The recipient's own language (null: the workspace default). */
  locale: string | null;
  workspaceName: string;
  items: DigestItem[];
  publicUrl: string;
  unsubscribeUrl: string;
}): MailMessage {
  const language = recipientLocale(input.locale);
  const t = translator(language);
  const lines = input.items.map((item) => ({
    text: t.t(item.mention ? 'mail.digest.mentioned' : 'mail.digest.wrote', {
      sender: item.sender,
      place: placeOf(t, item),
    }),
    link: `${input.publicUrl}/rooms/${encodeURIComponent(item.roomId)}`,
  }));
  const subject = t.t('mail.digest.subject', { count: input.items.length, workspace: input.workspaceName });
  const intro = t.t('mail.digest.intro', { name: input.displayName, workspace: input.workspaceName });
  const footer = t.t('mail.digest.footer');
  const text = [
    intro,
    '',
    ...lines.flatMap((l) => [`- ${l.text}`, `  ${l.link}`]),
    '',
    footer,
    t.t('mail.digest.stopText', { link: input.unsubscribeUrl }),
    '',
    '— Parley',
    '',
  ].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    `<p>${escapeHtml(intro)}</p>`,
    '<ul>',
    ...lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.text)}</a></li>`),
    '</ul>',
    `<p style="font-size: 0.9em">${escapeHtml(footer)} <a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(t.t('mail.digest.stop'))}</a></p>`,
    '<p>— Parley</p>',
    '</body></html>',
    '',
  ].join('\n');
  return {
    to: input.to,
    subject,
    text,
    html,
    language,
    // RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to the link.
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * The page the unsubscribe link shows, in the visitor's language (the link works without signing
 * in, so `Accept-Language` is all there is): a confirmation form, or that it is done.
 */
export function unsubscribePage(
  state: 'confirm' | 'done' | 'invalid',
  action: string,
  locale: string | null,
): string {
  const language = recipientLocale(locale);
  const t = translator(language);
  const body =
    state === 'confirm'
      ? `<p>${escapeHtml(t.t('mail.unsubscribe.confirm'))}</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(t.t('mail.digest.stop'))}</button></form>`
      : `<p>${escapeHtml(t.t(state === 'done' ? 'mail.unsubscribe.done' : 'mail.unsubscribe.invalid'))}</p>`;
  const title = escapeHtml(t.t('mail.unsubscribe.title'));
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; max-width: 36rem; margin: 2rem auto; padding: 0 1rem">
<h1>${title}</h1>
${body}
</body></html>
`;
}
