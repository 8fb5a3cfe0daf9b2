import { randomBytes } from 'node:crypto';
import type { Me, Message, Room } from '@parley/shared';
import { TestClient, type TestApp } from './test-app.js';

export const TEST_PASSWORD = 'correct horse battery staple';

let counter = 0;
export const uniqueUsername = (base = 'user') => `${base}${++counter}${randomBytes(2).toString('hex')}`;

/** Creates the first administrator through the setup endpoint and returns a signed-in client. */
export async function setUpAdmin(
  app: TestApp,
  username = uniqueUsername('admin'),
): Promise<{ client: TestClient; user: Me }> {
  const client = new TestClient(app);
  const res = await client.post('/api/v1/setup', {
    username,
    displayName: 'Admin Person',
    password: TEST_PASSWORD,
  });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return { client, user: res.json<{ user: Me }>().user };
}

/** Creates a user directly through the service (as an admin would) and signs them in. */
export async function signedInUser(
  app: TestApp,
  overrides: { username?: string; displayName?: string; role?: 'admin' | 'user' } = {},
): Promise<{ client: TestClient; user: Me }> {
  const username = overrides.username ?? uniqueUsername();
  await app.services.auth.createUser({
    username,
    displayName: overrides.displayName ?? `Person ${username}`,
    password: TEST_PASSWORD,
    role: overrides.role ?? 'user',
  });
  const client = new TestClient(app);
  const res = await client.post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { client, user: res.json<{ user: Me }>().user };
}

/** Creates a room through the API (201, or 200 for an existing DM) and returns it. */
export async function createRoom(client: TestClient, body: Record<string, unknown>): Promise<Room> {
  const res = await client.post('/api/v1/rooms', body);
  if (res.statusCode !== 201 && res.statusCode !== 200) {
    throw new Error(`create room failed: ${res.statusCode} ${res.body}`);
  }
  return res.json<{ room: Room }>().room;
}

export type Person = Awaited<ReturnType<typeof signedInUser>>;

/** Several signed-in people with distinct usernames starting with the given names (alice1a2b…). */
export function signedInPeople<Names extends string[]>(
  app: TestApp,
  ...names: Names
): Promise<{ [K in keyof Names]: Person }> {
  return Promise.all(names.map((name) => signedInUser(app, { username: uniqueUsername(name) }))) as Promise<{
    [K in keyof Names]: Person;
  }>;
}

/** A private room of `owner` with `members` in it. */
export function privateRoom(owner: Person, ...members: Person[]): Promise<Room> {
  return createRoom(owner.client, {
    type: 'private',
    name: uniqueUsername('room'),
    memberIds: members.map((m) => m.user.id),
  });
}

/** Sends a message through the API (`text`, `threadId`, `attachments`…) and returns it; throws unless 201. */
export async function sentMessage(
  person: Person,
  roomId: string,
  body: Record<string, unknown>,
): Promise<Message> {
  const res = await person.client.post(`/api/v1/rooms/${roomId}/messages`, {
    clientMsgId: uniqueUsername('c'),
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`send failed: ${res.statusCode} ${res.body}`);
  return res.json<{ message: Message }>().message;
}
