/**
 * The mail port. Services hand messages to a `Mailer` and never see SMTP; without `SMTP_URL` there is
 * no mailer at all and nothing is sent (in-app notices still are).
 */
export interface MailMessage {
  /** One address. */
  to: string;
  subject: string;
  /** Plain text: always sent, readable everywhere. */
  text: string;
  /** The same content as HTML, sent beside the text as an alternative (values escaped by the caller). */
  html?: string;
  /** Files sent along (a calendar invitation's `.ics`). */
  attachments?: MailAttachment[];
  /** The language it is written in (issue 21), sent as `Content-Language`. */
  language?: string;
  /** Extra headers (`List-Unsubscribe`); values are the caller's, never user input unchecked. */
  headers?: Record<string, string>;
}

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface Mailer {
  /** Resolves once the server accepted the message; rejects with the reason otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}
