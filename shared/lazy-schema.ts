/**
 * A schema built on its first use. zod builds every schema when its module loads (~100 µs each,
 * a few thousand of them in the bridge's contracts: most of a process's start); a process uses only
 * a handful of them soon after it starts. `lazySchema(() => z.object(…))` is that same schema,
 * built, once, the first time anything reads it (a parse, `.shape`, `.extend`, being put inside
 * another schema that reads it…): the validation is exactly the one the builder describes.
 *
 * It is a Proxy standing for the schema. Every read goes to the built schema (`instanceof`, `.parse`
 * and zod's own internals included), so callers cannot tell the difference, except by identity: the
 * proxy is not `===` the schema it builds (nothing here compares schemas by identity).
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, p) => Reflect.get(real(), p),
    has: (_, p) => Reflect.has(real(), p),
    set: (_, p, v) => Reflect.set(real(), p, v),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
    ownKeys: () => Reflect.ownKeys(real()),
    // The proxy's own target is an empty, extensible object: a property may be reported only as configurable.
    getOwnPropertyDescriptor: (_, p) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), p);
      return d && { ...d, configurable: true };
    },
    defineProperty: (_, p, d) => Reflect.defineProperty(real(), p, d),
    deleteProperty: (_, p) => Reflect.deleteProperty(real(), p),
  });
}
