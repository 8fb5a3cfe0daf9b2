/**
 * The mail port. Services hand messages to a `Mailer` and never see SMTP; without `SMTP_URL` there is
 * no mailer at all and nothing is sent (in-app notices still are).
 */
export interface MailMessage {
  /** One address. */
  to: string;
  subject: string;
  /** Plain text (the only body Parley sends: readable everywhere, nothing to render). */
  text: string;
}

export interface Mailer {
  /** Resolves once the server accepted the message; rejects with the reason otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}
