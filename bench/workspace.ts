/**
 * What several benchmarks set up on a fresh built Parley: the first administrator, Jitsi configured
 * for tokens, and members who each hold an API token (so load tools can act as them with a Bearer
 * header instead of cookies and CSRF).
 */
import { Session } from './chat-setup.js';

export const BENCH_PASSWORD = 'bench password 123';

/** A self-hosted Jitsi with HS256 tokens limited to their room, as the test suite uses. */
export const BENCH_JITSI = {
  domain: 'meet.example.org',
  useAuthToken: true,
  appId: 'parley',
  appSecret: 'a-long-enough-application-secret-0123456789',
  limitTokenToRoom: true,
};

export interface Workspace {
  admin: Session;
  /** The members' ids, in order. */
  ids: string[];
  /** Each member's API token (read and write), in the same order. */
  tokens: string[];
}

/** Sets up the administrator, `settings` (Jitsi at least) and `people` members with API tokens. */
export async function workspace(
  url: string,
  people: number,
  settings: Record<string, unknown>,
): Promise<Workspace> {
  const admin = new Session(url);
  await admin.request('POST', '/api/v1/setup', {
    username: 'admin',
    displayName: 'Admin',
    password: BENCH_PASSWORD,
  });
  await admin.request('PATCH', '/api/v1/admin/settings', settings);
  const tokens: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < people; i++) {
    const username = `member${i}`;
    const { user } = await admin.request<{ user: { id: string } }>('POST', '/api/v1/admin/users', {
      username,
      displayName: `Member ${i}`,
      password: BENCH_PASSWORD,
    });
    ids.push(user.id);
    const session = new Session(url);
    await session.request('POST', '/api/v1/auth/login', { username, password: BENCH_PASSWORD });
    const { secret } = await session.request<{ secret: string }>('POST', '/api/v1/me/tokens', {
      name: 'bench',
      scopes: ['read', 'write'],
    });
    tokens.push(secret);
  }
  return { admin, ids, tokens };
}
