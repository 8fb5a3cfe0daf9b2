import type { Locale } from '@parley/shared';
import { translator } from '../../i18n/index.js';
import type { MailMessage } from '../../mail/mailer.js';

const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The "Forgot password?" email in the account's language: plain text and the same words as HTML. */
export function passwordResetEmail(input: {
  to: string;
  displayName: string;
  username: string;
  workspaceName: string;
  link: string;
  validMinutes: number;
  locale: Locale;
}): MailMessage {
  const { t } = translator(input.locale);
  const paragraphs = {
    greeting: t('mail.passwordReset.greeting', { name: input.displayName }),
    asked: t('mail.passwordReset.asked', {
      username: input.username,
      workspace: input.workspaceName,
      minutes: input.validMinutes,
    }),
    after: t('mail.passwordReset.after'),
    ignore: t('mail.passwordReset.ignore'),
  };
  const signature = t('mail.signature', { name: 'Parley' });
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
    signature,
    '',
  ].join('\n');
  const p = (value: string) => `<p>${escapeHtml(value)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(t('mail.passwordReset.title'))}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a">',
    p(paragraphs.greeting),
    p(paragraphs.asked),
    `<p><a href="${escapeHtml(input.link)}" style="display: inline-block; padding: 0.6em 1.2em; background: #1d4ed8; color: #ffffff; border-radius: 6px; text-decoration: none">${escapeHtml(t('mail.passwordReset.button'))}</a></p>`,
    `<p style="font-size: 0.9em">${escapeHtml(t('mail.copyLink', { link: input.link }))}</p>`,
    p(paragraphs.after),
    p(paragraphs.ignore),
    p(signature),
    '</body></html>',
    '',
  ].join('\n');
  return {
    to: input.to,
    subject: t('mail.passwordReset.subject', { workspace: input.workspaceName }),
    text,
    html,
    language: input.locale,
  };
}
