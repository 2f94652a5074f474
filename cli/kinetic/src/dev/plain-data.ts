const PLAIN = new Set<unknown>([
  Object.prototype,
  null,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  Date.prototype,
  RegExp.prototype,
]);

/**
 * True when `value` survives a structured clone as itself: primitives, plain objects,
 * arrays, Map, Set, Date, RegExp, typed arrays. A class instance would come back as a plain
 * object without its methods, a function not at all, so a view holding one is re-mounted
 * instead of restored.
 */
export function isPlainData(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return false;
  if (typeof value !== 'object' || value === null) return true;
  if (seen.has(value)) return true;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return true;
  if (!PLAIN.has(Object.getPrototypeOf(value))) return false;
  if (value instanceof Map) {
    for (const [k, v] of value) if (!isPlainData(k, seen) || !isPlainData(v, seen)) return false;
    return true;
  }
  if (value instanceof Set) {
    for (const v of value) if (!isPlainData(v, seen)) return false;
    return true;
  }
  return Object.values(value).every((v) => isPlainData(v, seen));
}
