import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Errors } from '../errors.js';
import { handle, type SocketContext } from './socket-handlers.js';

const errors: unknown[] = [];
const context: SocketContext = {
  userId: 'u1',
  username: 'ada',
  sessionId: 's1',
  tokenId: null,
  scopes: null,
  socketId: 'socket1',
  locale: 'en',
  log: { error: (obj: unknown) => errors.push(obj) } as unknown as SocketContext['log'],
};

/** Runs a wrapped handler the way socket.io calls it and returns what it acknowledged. */
const call = (handler: ReturnType<typeof handle>, ...payload: unknown[]) =>
  new Promise<unknown>((resolve) => void handler(context, [...payload, resolve]));

describe('handle(schema, fn)', () => {
  const echo = handle(z.strictObject({ text: z.string().min(1) }), (input, ctx) => ({
    text: input.text,
    by: ctx.userId,
  }));

  it('answers with the data, the sender taken from the handshake', async () => {
    expect(await call(echo, { text: 'hi' })).toEqual({ ok: true, data: { text: 'hi', by: 'u1' } });
  });

  it('answers malformed payloads with validation_failed, never running the handler', async () => {
    for (const payload of [undefined, null, 'text', 42, [], { text: '' }, { text: 'x', userId: 'forged' }]) {
      const answer = (await call(echo, payload)) as { ok: boolean; error: { code: string } };
      expect(answer.ok, JSON.stringify(payload)).toBe(false);
      expect(answer.error.code).toBe('validation_failed');
    }
    expect(await call(echo, { text: 'a' }, { text: 'b' })).toMatchObject({
      error: { code: 'validation_failed' },
    });
  });

  it('turns catalogue errors into their code and anything else into internal_error (logged)', async () => {
    const missing = handle(z.undefined(), () => {
      throw Errors.notFound('memberNotFound');
    });
    expect(await call(missing)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'That member does not exist' },
    });
    const broken = handle(z.undefined(), () => {
      throw new Error('database exploded');
    });
    errors.length = 0;
    expect(await call(broken)).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(errors).toHaveLength(1);
  });

  it('runs events sent without an ack', async () => {
    let ran = false;
    const fireAndForget = handle(z.strictObject({ typing: z.boolean() }), () => {
      ran = true;
    });
    await fireAndForget(context, [{ typing: true }]);
    expect(ran).toBe(true);
  });
});
