import type { Clock } from './clock.js';

/** What to forget: sessions by id, API tokens by id, or everything of some users. */
export interface AuthInvalidation {
  sessions?: string[];
  tokens?: string[];
  users?: string[];
}

interface Entry<T> {
  value: T;
  userId: string;
  sessionId: string | null;
  tokenId: string | null;
  /** The credential's own expiry (ms), so a cached entry never outlives it. */
  expiresAt: number;
  cachedAt: number;
}

/**
 * Resolved principals for a few seconds, so an authenticated request costs no database reads.
 * Everything that changes who someone is or whether a credential works calls `invalidate` (and the
 * same invalidation is sent to the other nodes over the realtime bus); the short TTL bounds how long
 * a lost message could matter. Size-bounded: the oldest entries go first.
 *
 * A lookup reads the database before it fills the cache, and an invalidation can land in between
 * (a logout on this or another node while the request resolves the same cookie). Filling the cache
 * with what was read would then resurrect the credential for a whole TTL, so every invalidation
 * bumps a generation and a fill that began in an older generation is dropped.
 */
export class PrincipalCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.clock.now().getTime();
    if (now - entry.cachedAt >= this.ttlMs || now >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Take this before reading the database, and pass it to `set`. */
  startLookup(): number {
    return this.generation;
  }

  set(
    key: string,
    value: T,
    meta: { userId: string; sessionId: string | null; tokenId: string | null; expiresAt: number },
    lookupStartedIn: number,
  ): void {
    // Something was invalidated while the caller read the database: what it read may be stale.
    if (lookupStartedIn !== this.generation) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, ...meta, cachedAt: this.clock.now().getTime() });
  }

  invalidate({ sessions = [], tokens = [], users = [] }: AuthInvalidation): void {
    if (sessions.length + tokens.length + users.length === 0) return;
    this.generation++;
    const s = new Set(sessions);
    const t = new Set(tokens);
    const u = new Set(users);
    for (const [key, entry] of this.entries) {
      if (
        u.has(entry.userId) ||
        (entry.sessionId !== null && s.has(entry.sessionId)) ||
        (entry.tokenId !== null && t.has(entry.tokenId))
      ) {
        this.entries.delete(key);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
