import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on first use instead of at start: `lazyRequire<typeof X>('x')` stands for the package's
 * exports and requires it the first time one of them is read. For the libraries only some requests need (exceljs,
 * qrcode…), which an idle server process would otherwise hold from its start (docs/benchmarks.md, "Memory of an
 * idle server process"). Behaviour is the package's own: the same module object as a static import gives.
 */
export function lazyRequire<T extends object>(id: string): T {
  let loaded: T | undefined;
  const load = (): T => (loaded ??= require(id) as T);
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), key);
      return d ? { ...d, configurable: true } : undefined;
    },
  });
}
