import type { MailMessage } from '../../mail/mailer.js';
import type { MissedCallRecipient } from './missed-call.repository.js';

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The e-mail about a call that rang someone who never joined (English; one function per mail). */
export function missedCallEmail(input: {
  recipient: MissedCallRecipient;
  workspaceName: string;
  publicUrl: string;
}): MailMessage {
  const { recipient } = input;
  // A consultation's name is its parties' business; a DM is named by the caller already.
  const place =
    recipient.roomType === 'direct'
      ? ''
      : recipient.roomType === 'consultation'
        ? ' in a consultation'
        : ` in ${recipient.roomName}`;
  const link = `${input.publicUrl}/rooms/${encodeURIComponent(recipient.roomId)}`;
  const subject = `Missed call from ${recipient.caller}`;
  const line = `${recipient.caller} called you${place} on ${input.workspaceName}, and you did not join.`;
  const footer = 'You can turn these e-mails off in your profile, under Notifications.';
  const text = [`Hello ${recipient.displayName},`, '', line, link, '', footer, '', '— Parley', ''].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    `<p>${escapeHtml(`Hello ${recipient.displayName},`)}</p>`,
    `<p>${escapeHtml(line)}</p>`,
    `<p><a href="${escapeHtml(link)}">Open the conversation</a></p>`,
    `<p style="font-size: 0.9em">${escapeHtml(footer)}</p>`,
    '<p>— Parley</p>',
    '</body></html>',
    '',
  ].join('\n');
  return { to: recipient.email, subject, text, html };
}
