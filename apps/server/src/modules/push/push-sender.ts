import { Agent } from 'node:https';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { PushPayload } from '@parley/shared';
import webpush from 'web-push';
import { guardedLookup, isRefusedAddress } from './endpoint-policy.js';
import type { VapidKeyPair } from './vapid-keys.js';

/** Where one push goes: a browser's subscription. */
export interface PushTarget {
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url. */
  p256dh: string;
  auth: string;
}

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

export interface PushMessage {
  payload: PushPayload;
  /** How long the push service keeps it for an unreachable device (RFC 8030 `TTL`), seconds. */
  ttlSeconds: number;
  urgency: PushUrgency;
  /** RFC 8030 `Topic`: a newer push with the same topic replaces an undelivered older one. */
  topic?: string;
}

export type PushOutcome =
  | { status: 'delivered' }
  /** 404/410: the subscription expired or was withdrawn; delete it. */
  | { status: 'gone' }
  | { status: 'failed'; statusCode: number | null; reason: string };

/** The port the notifier sends through (tests may record instead of sending). */
export interface PushSender {
  send(target: PushTarget, message: PushMessage, keys: VapidKeyPair): Promise<PushOutcome>;
  /** Closes idle connections (shutdown). */
  close?(): void;
}

export interface WebPushSenderOptions {
  /** RFC 8292 `sub`: the operator's contact, an https: URL or a mailto: address. */
  subject: string;
  /** PUSH_ALLOW_PRIVATE_ENDPOINTS. */
  allowPrivate: boolean;
  /**
   * An extra CA certificate to trust (PEM), for the test suite's local push service only. A server
   * process trusts extra CAs through NODE_EXTRA_CA_CERTS, which Node reads at start.
   */
  extraCa?: string;
  timeoutMs?: number;
}

/**
 * Sends with `web-push` (RFC 8291 aes128gcm encryption, RFC 8292 VAPID), over an agent whose
 * sockets refuse private addresses (checked at connect time, so DNS cannot be changed under us).
 * `web-push` issues one request and never follows a redirect: a 3xx is a failure.
 */
export class WebPushSender implements PushSender {
  private readonly agent: Agent;

  constructor(private readonly options: WebPushSenderOptions) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 16,
      lookup: guardedLookup(options.allowPrivate),
      ...(options.extraCa ? { ca: [...rootCertificates, options.extraCa] } : {}),
    });
  }

  async send(target: PushTarget, message: PushMessage, keys: VapidKeyPair): Promise<PushOutcome> {
    const host = new URL(target.endpoint).hostname.replace(/^\[|\]$/g, '');
    // Literal addresses are not looked up, so the agent's check does not see them.
    if (!this.options.allowPrivate && isIP(host) !== 0 && isRefusedAddress(host)) {
      return { status: 'failed', statusCode: null, reason: 'refused address' };
    }
    try {
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(message.payload),
        {
          vapidDetails: {
            subject: this.options.subject,
            publicKey: keys.publicKey,
            privateKey: keys.privateKey,
          },
          TTL: message.ttlSeconds,
          urgency: message.urgency,
          ...(message.topic ? { topic: message.topic } : {}),
          contentEncoding: 'aes128gcm',
          agent: this.agent,
          timeout: this.options.timeoutMs ?? 10_000,
        },
      );
      return { status: 'delivered' };
    } catch (err) {
      if (err instanceof webpush.WebPushError) {
        if (err.statusCode === 404 || err.statusCode === 410) return { status: 'gone' };
        return { status: 'failed', statusCode: err.statusCode, reason: `HTTP ${err.statusCode}` };
      }
      // Never the error itself: its message may quote the endpoint, whose path is a capability.
      const code = (err as { code?: unknown }).code;
      return { status: 'failed', statusCode: null, reason: typeof code === 'string' ? code : 'send failed' };
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/** RFC 8292 `sub`: PUBLIC_URL when it is https:, else a mailto: of the sender address. */
export function vapidSubject(publicUrl: string, mailFrom: string): string {
  if (publicUrl.startsWith('https:')) return publicUrl;
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `mailto:${address}`;
}
