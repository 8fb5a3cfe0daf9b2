import { generateKeyPairSync } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/secret-box.js';
import type { PushRepository } from './push.repository.js';

export interface VapidKeyPair {
  /** Uncompressed P-256 point (65 bytes), base64url: `applicationServerKey` for browsers. */
  publicKey: string;
  /** The private scalar (32 bytes), base64url. Never logged, never sent. */
  privateKey: string;
}

/** A fresh P-256 key pair in the encodings Web Push uses. */
export function generateVapidKeys(): VapidKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pub = publicKey.export({ format: 'jwk' });
  const priv = privateKey.export({ format: 'jwk' });
  const point = Buffer.concat([
    Buffer.from([4]),
    Buffer.from(pub.x!, 'base64url'),
    Buffer.from(pub.y!, 'base64url'),
  ]);
  return { publicKey: point.toString('base64url'), privateKey: priv.d! };
}

export type VapidKeysState =
  | { status: 'ready'; keys: VapidKeyPair }
  /** Sealed under a SECRET_KEY this server does not have: push is off until the key is restored. */
  | { status: 'unreadable' };

/**
 * The server's VAPID keys: made by the first node that starts and stored sealed, so every node
 * (and every restart) signs with the key browsers subscribed with. Loaded once at start.
 */
export class VapidKeys {
  private state: VapidKeysState | null = null;

  constructor(
    private readonly deps: {
      repo: PushRepository;
      secrets: SecretBox;
      clock: Clock;
      generate?: () => VapidKeyPair;
    },
  ) {}

  /** Reads the stored pair, making and storing one first if none is. Re-seals one sealed by an older key. */
  async load(): Promise<VapidKeysState> {
    const { repo, secrets, clock } = this.deps;
    let row = await repo.keys();
    if (!row) {
      const fresh = (this.deps.generate ?? generateVapidKeys)();
      row = await repo.claimKeys({
        public_key: fresh.publicKey,
        private_key: secrets.seal(fresh.privateKey),
        created_at: clock.now().toISOString(),
      });
    }
    const privateKey = secrets.open(row.private_key);
    if (privateKey === null) {
      this.state = { status: 'unreadable' };
      return this.state;
    }
    if (secrets.isStale(row.private_key)) await repo.resealKeys(secrets.seal(privateKey));
    this.state = { status: 'ready', keys: { publicKey: row.public_key, privateKey } };
    return this.state;
  }

  /** The pair, or null before `load()` or when it cannot be opened. */
  current(): VapidKeyPair | null {
    return this.state?.status === 'ready' ? this.state.keys : null;
  }
}
