import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encrypts stored secrets (Jitsi app secret, JaaS private key) with AES-256-GCM so a copied database
 * file alone does not reveal them. The key comes from SECRET_KEY (or DATA_DIR/secret.key).
 *
 * Each sealed value names the key that sealed it (`v2:<key id>:…`), so a server started with another
 * key can tell "sealed under a key I don't have" from "corrupt", report it, and let an admin re-enter
 * the secret instead of failing. `SECRET_KEY_PREVIOUS` opens values sealed before a rotation.
 */
export interface SecretBox {
  /** Id of the current key, as recorded in what it seals. */
  readonly keyId: string;
  seal(plain: string): string;
  /** The plain text, or null when no key this server has can open it. */
  open(sealed: string): string | null;
  /** True when the value opens but was not sealed by the current key (re-seal it). */
  isStale(sealed: string): boolean;
}

const V1 = 'v1:';
const V2 = 'v2:';

interface Key {
  id: string;
  bytes: Buffer;
}

function deriveKey(secretKey: string): Key {
  const bytes = createHash('sha256').update(secretKey).digest();
  // Derived from the key, so it identifies it without revealing anything usable about it.
  const id = createHash('sha256').update('parley-secret-key-id\0').update(bytes).digest('hex').slice(0, 12);
  return { id, bytes };
}

function decrypt(key: Key, body: string): string | null {
  const [iv, tag, data, extra] = body.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !data || extra || iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function createSecretBox(secretKey: string, previousKey?: string): SecretBox {
  const current = deriveKey(secretKey);
  const keys = [current, ...(previousKey ? [deriveKey(previousKey)] : [])];

  const parse = (sealed: string): { keyId: string | null; body: string } | null => {
    if (sealed.startsWith(V2)) {
      const rest = sealed.slice(V2.length);
      const colon = rest.indexOf(':');
      return colon > 0 ? { keyId: rest.slice(0, colon), body: rest.slice(colon + 1) } : null;
    }
    // Sealed before key ids existed: try every key we have.
    if (sealed.startsWith(V1)) return { keyId: null, body: sealed.slice(V1.length) };
    return null;
  };

  const openWith = (sealed: string): { plain: string; key: Key } | null => {
    const parsed = parse(sealed);
    if (!parsed) return null;
    for (const key of keys) {
      if (parsed.keyId !== null && parsed.keyId !== key.id) continue;
      const plain = decrypt(key, parsed.body);
      if (plain !== null) return { plain, key };
    }
    return null;
  };

  return {
    keyId: current.id,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.bytes, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${V2}${current.id}:${[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')}`;
    },
    open: (sealed) => openWith(sealed)?.plain ?? null,
    isStale(sealed) {
      const opened = openWith(sealed);
      return opened !== null && (opened.key !== current || !sealed.startsWith(V2));
    },
  };
}
