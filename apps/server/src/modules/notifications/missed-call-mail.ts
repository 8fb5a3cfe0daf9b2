import { recipientLocale, translator } from '../../i18n/index.js';
import type { MailMessage } from '../../mail/mailer.js';
import { escapeHtml } from './digest-mail.js';
import type { MissedCallRecipient } from './missed-call.repository.js';

/** The e-mail about a call that rang someone who never joined, in the recipient's language. */
export function missedCallEmail(input: {
  recipient: MissedCallRecipient;
  workspaceName: string;
  publicUrl: string;
}): MailMessage {
  const { recipient } = input;
  const language = recipientLocale(recipient.locale);
  const t = translator(language);
  const caller = recipient.caller ?? t.t('mail.missedCall.someone');
  // A consultation's name is its parties' business; a DM is named by the caller already.
  const values = { caller, room: recipient.roomName, workspace: input.workspaceName };
  const line = t.t(
    recipient.roomType === 'direct'
      ? 'mail.missedCall.line'
      : recipient.roomType === 'consultation'
        ? 'mail.missedCall.lineConsultation'
        : 'mail.missedCall.lineRoom',
    values,
  );
  const link = `${input.publicUrl}/rooms/${encodeURIComponent(recipient.roomId)}`;
  const subject = t.t('mail.missedCall.subject', { caller });
  const greeting = t.t('mail.missedCall.greeting', { name: recipient.displayName });
  const footer = t.t('mail.missedCall.footer');
  const text = [greeting, '', line, link, '', footer, '', '— Parley', ''].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(line)}</p>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(t.t('mail.missedCall.open'))}</a></p>`,
    `<p style="font-size: 0.9em">${escapeHtml(footer)}</p>`,
    '<p>— Parley</p>',
    '</body></html>',
    '',
  ].join('\n');
  return { to: recipient.email, subject, text, html, language };
}
