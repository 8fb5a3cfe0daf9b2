import { client, xml, type XmlElement, type XmppClient } from '@xmpp/client';
import WebSocket from 'ws';
import type { ProsodyHost } from './prosody-server.js';

// Node 20 has no global WebSocket; @xmpp/websocket uses the global one, as in a browser.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** What happened to a join: in the room, or refused at SASL / at the room, or no answer at all. */
export type XmppJoinResult =
  | { accepted: true; jid: string; room: string }
  | {
      accepted: false;
      stage: 'sasl' | 'presence' | 'timeout' | 'connection';
      condition: string;
      text: string;
    };

const MUC = 'http://jabber.org/protocol/muc';
const MUC_USER = 'http://jabber.org/protocol/muc#user';

/**
 * Does what Jitsi's web client does with a meeting token: opens Prosody's websocket with
 * `?token=<jwt>&room=<room>`, logs in with SASL ANONYMOUS, binds a resource and sends MUC presence to
 * `<room>@<muc domain>/<nick>`. Resolves (never rejects) with whether the room took it: accepted on
 * the self-presence (status 110), refused with the SASL failure or the presence error. It has its own
 * timeout because Prosody sends no answer at all to some refusals (a token without a `room` claim).
 */
export async function joinJitsiRoom(
  prosody: ProsodyHost,
  token: string | null,
  room: string,
  { nick = 'tester', timeoutMs = 5000 }: { nick?: string; timeoutMs?: number } = {},
): Promise<XmppJoinResult> {
  const xmpp: XmppClient = client({ service: prosody.websocketUrl(token, room), domain: prosody.domain });
  xmpp.reconnect.stop();
  // Errors are reported through start()'s rejection or the presence; the emitter must not throw.
  xmpp.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<XmppJoinResult>((resolveTimeout) => {
    timer = setTimeout(
      () =>
        resolveTimeout({
          accepted: false,
          stage: 'timeout',
          condition: 'timeout',
          text: `no answer from Prosody in ${timeoutMs} ms (status ${xmpp.status})`,
        }),
      timeoutMs,
    );
  });
  const attempt = (async (): Promise<XmppJoinResult> => {
    try {
      await xmpp.start();
    } catch (err) {
      const e = err as { name?: string; condition?: string; text?: XmlElement | string; message?: string };
      const text = typeof e.text === 'string' ? e.text : (e.text?.getText() ?? e.message ?? '');
      return {
        accepted: false,
        stage: e.name === 'SASLError' ? 'sasl' : 'connection',
        condition: e.condition ?? 'error',
        text,
      };
    }
    const roomJid = `${room}@${prosody.mucDomain}`;
    const answer = new Promise<XmppJoinResult>((resolveAnswer) => {
      xmpp.on('stanza', (stanza: XmlElement) => {
        if (!stanza.is('presence') || !stanza.attrs.from?.startsWith(`${roomJid}/`)) return;
        if (stanza.attrs.type === 'error') {
          const error = stanza.getChild('error');
          const condition = error?.getChildElements().find((c) => c.name !== 'text');
          resolveAnswer({
            accepted: false,
            stage: 'presence',
            condition: `${error?.attrs.type ?? ''}/${condition?.name ?? ''}`,
            text: error?.getChildText('text') ?? '',
          });
          return;
        }
        const codes = (stanza.getChild('x', MUC_USER)?.getChildren('status') ?? []).map((s) => s.attrs.code);
        if (codes.includes('110')) {
          resolveAnswer({ accepted: true, jid: String(xmpp.jid), room: roomJid });
        }
      });
    });
    await xmpp.send(xml('presence', { to: `${roomJid}/${nick}` }, xml('x', { xmlns: MUC })));
    return answer;
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
    await Promise.race([xmpp.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
  }
}
