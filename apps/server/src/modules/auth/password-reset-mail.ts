import type { MailMessage } from '../../mail/mailer.js';

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The "Forgot password?" email: plain text and the same words as HTML. */
export function passwordResetEmail(input: {
  to: string;
  displayName: string;
  username: string;
  workspaceName: string;
  link: string;
  validMinutes: number;
}): MailMessage {
  const valid = input.validMinutes === 60 ? '1 hour' : `${input.validMinutes} minutes`;
  const paragraphs = {
    greeting: `Hello ${input.displayName},`,
    asked: `Someone asked to reset the password of your account "${input.username}" on ${input.workspaceName}. If it was you, choose a new password with this link. It works once, for ${valid}:`,
    after: 'Choosing a new password signs you out on your other devices.',
    ignore: 'If you did not ask for this, you can ignore this email: your password stays as it is.',
  };
  const text = [
    paragraphs.greeting,
    '',
    paragraphs.asked,
    input.link,
    '',
    paragraphs.after,
    '',
    paragraphs.ignore,
    '',
    '— Parley',
    '',
  ].join('\n');
  const p = (value: string) => `<p>${escapeHtml(value)}</p>`;
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Reset your password</title></head>',
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    p(paragraphs.greeting),
    p(paragraphs.asked),
    `<p><a href="${escapeHtml(input.link)}" style="display: inline-block; padding: 0.6em 1.2em; background: #1d4ed8; color: #ffffff; border-radius: 6px; text-decoration: none">Choose a new password</a></p>`,
    `<p style="font-size: 0.9em">Or copy this address into your browser: ${escapeHtml(input.link)}</p>`,
    p(paragraphs.after),
    p(paragraphs.ignore),
    p('— Parley'),
    '</body></html>',
    '',
  ].join('\n');
  return { to: input.to, subject: `Reset your password on ${input.workspaceName}`, text, html };
}
