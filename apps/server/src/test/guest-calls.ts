import type { GuestJoinResponse, GuestLink, GuestSession, GuestSettings } from '@parley/shared';
import { io as connect } from 'socket.io-client';
import type { ClientSocket } from './sockets.js';
import { TEST_ORIGIN, TestClient, type TestApp } from './test-app.js';

/** Opens call guests for these room types (issue 19). */
export async function allowGuests(
  app: TestApp,
  callRoomTypes: GuestSettings['callRoomTypes'] = ['channel', 'private', 'team', 'discussion'],
): Promise<void> {
  await app.services.settings.update({ guests: { callRoomTypes } });
}

/** A guest link made by `client` from a call; throws unless 201. */
export async function makeGuestLink(
  client: TestClient,
  callId: string,
  body: Record<string, unknown> = {},
): Promise<GuestLink & { token: string }> {
  const res = await client.post(`/api/v1/calls/${callId}/guest-links`, body);
  if (res.statusCode !== 201) throw new Error(`guest link failed: ${res.statusCode} ${res.body}`);
  const link = res.json<{ link: GuestLink }>().link;
  return { ...link, token: new URL(link.url!).pathname.split('/').at(-1)! };
}

/** Someone without an account, on the guest page: public requests only, their secret once joined. */
export class TestGuest {
  readonly client: TestClient;
  secret: string | null = null;
  guestId: string | null = null;

  constructor(
    app: TestApp,
    readonly token: string,
  ) {
    this.client = new TestClient(app);
  }

  info() {
    return this.client.get(`/api/v1/guest/${encodeURIComponent(this.token)}`);
  }

  async join(body: Record<string, unknown>) {
    const res = await this.client.post(`/api/v1/guest/${encodeURIComponent(this.token)}/join`, body);
    if (res.statusCode === 200) {
      const answer = res.json<GuestJoinResponse>();
      this.secret = answer.guestSecret;
      this.guestId = answer.guestId;
    }
    return res;
  }

  /** Joins and expects it to work. */
  async joined(name = 'Gina Guest', passcode?: string): Promise<GuestJoinResponse> {
    const res = await this.join(passcode === undefined ? { name } : { name, passcode });
    if (res.statusCode !== 200) throw new Error(`guest join failed: ${res.statusCode} ${res.body}`);
    return res.json<GuestJoinResponse>();
  }

  private get auth() {
    return { authorization: `Guest ${this.secret ?? ''}` };
  }

  sessionResponse(secret = this.secret) {
    return this.client.get(`/api/v1/guest/${encodeURIComponent(this.token)}/session`, {
      authorization: `Guest ${secret ?? ''}`,
    });
  }

  async session(): Promise<GuestSession> {
    const res = await this.sessionResponse();
    if (res.statusCode !== 200) throw new Error(`guest session failed: ${res.statusCode} ${res.body}`);
    return res.json<GuestSession>();
  }

  report(type: 'joined' | 'left') {
    return this.client.post(`/api/v1/guest/${encodeURIComponent(this.token)}/events`, { type }, this.auth);
  }
}

/**
 * A call guest's socket (`auth: { guest }`, and any other handshake headers such as
 * `accept-language`); resolves once connected, rejects when refused.
 */
export async function connectGuestSocket(
  url: string,
  secret: string,
  headers: Record<string, string> = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { ...headers, origin: TEST_ORIGIN },
    auth: { guest: secret },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  } catch (err) {
    socket.close();
    throw err;
  }
  return socket;
}
