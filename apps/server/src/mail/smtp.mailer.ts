import nodemailer from 'nodemailer';
import type { MailMessage, Mailer } from './mailer.js';

/**
 * Delivery through an SMTP server (nodemailer). `url` is `SMTP_URL` as configured: `smtp://` upgrades
 * with STARTTLS when the server offers it, `smtps://` is TLS from the start; credentials and options
 * (`?pool=true`) ride in the URL, and win over the short timeouts set here, which make an unreachable
 * server fail a send in seconds instead of minutes.
 */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(
    { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
    { from },
  );
  return {
    async send(message: MailMessage) {
      await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(message.attachments !== undefined ? { attachments: message.attachments } : {}),
        headers: {
          ...message.headers,
          ...(message.language !== undefined ? { 'Content-Language': message.language } : {}),
        },
      });
    },
    close() {
      transport.close();
    },
  };
}
