import { lazyModule } from '../lib/lazyPage';

/** `@parley/shared`'s schemas, checked against the server's answers and forms' values. */
export type Schemas = typeof import('@parley/shared');

/**
 * The schemas bring zod, so they come in a chunk of their own, fetched with the first request that
 * checks its answer (in parallel with it) rather than with every page: the sign-in and chat pages
 * render without them. Code names a schema by picking it, `(s) => s.RoomListSchema`.
 */
export const schemas = lazyModule<Schemas>(() => import('@parley/shared'));

/** A schema (or a check built from schemas) picked from `@parley/shared` once it is loaded. */
export type SchemaPick<P> = (s: Schemas) => P;

/** The picked schema: at once when the chunk is in (always, after the first answer), else after it loads. */
export async function picked<P>(pick: SchemaPick<P>): Promise<P> {
  return pick(schemas.current() ?? (await schemas.load()));
}
