import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface LazyModule<M> {
  /** The module once loaded, for callers that can act at once then (and load it otherwise). */
  current: () => M | undefined;
  /** Fetches the module's chunk (once). */
  load: () => Promise<M>;
}

const everyModule: LazyModule<unknown>[] = [];

/** A module fetched with its own chunk only when first needed (`load`), then at hand (`current`). */
export function lazyModule<M>(importer: () => Promise<M>): LazyModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const module: LazyModule<M> = {
    current: () => loaded,
    load: () =>
      (loading ??= importer().then((value) => {
        loaded = value;
        return value;
      })),
  };
  everyModule.push(module);
  return module;
}

export type LazyPage<P extends object> = LazyExoticComponent<ComponentType<P>> & {
  /** Fetches the page's chunk now (once); the page then renders without suspending. */
  preload: () => Promise<unknown>;
};

/**
 * A component (a page, or a part shown only sometimes) that loads with its own chunk the first time it
 * renders: `React.lazy` for a named export. Once the module is in (after `preload()` or a first
 * render), it renders at once: the lazy factory then answers with a thenable that resolves during
 * `then`, so React reads the module without suspending.
 */
export function lazyPage<M, K extends keyof M>(
  importer: () => Promise<M>,
  name: K,
): M[K] extends ComponentType<infer P extends object> ? LazyPage<P> : never {
  const module = lazyModule(importer);
  type Loaded = { default: ComponentType<object> };
  const pick = (value: M): Loaded => ({ default: value[name] as ComponentType<object> });
  const page = lazy(() => {
    const loaded = module.current();
    if (loaded) {
      return { then: (resolve: (value: Loaded) => void) => resolve(pick(loaded)) } as Promise<Loaded>;
    }
    return module.load().then(pick);
  });
  return Object.assign(page, { preload: module.load }) as never;
}

/**
 * Loads every lazy module and page, including those that loading others declares, after which none
 * of them suspends: tests render the app as if it were one bundle.
 */
export async function preloadPages(): Promise<void> {
  let done = 0;
  while (done < everyModule.length) {
    const pending = everyModule.slice(done);
    done = everyModule.length;
    await Promise.all(pending.map((module) => module.load()));
  }
}
