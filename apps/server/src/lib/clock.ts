/**
 * The server's one source of "now": every time it records or decides by (sessions, tokens, caches,
 * rate limits, throttles, ids, timers and sweeps, times bound into SQL) comes from the Clock it was
 * built with, so tests can set and move it and nothing compares it with another clock.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock: production's Clock, and the only place the server reads it. */
// eslint-disable-next-line no-restricted-syntax
export const systemClock: Clock = { now: () => new Date() };
