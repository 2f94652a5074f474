import { notSerializable } from './errors.js';

// The text form of values that leave the process: pubsub messages (and, with several nodes,
// a session's assigns). JSON, plus what app state often holds and JSON cannot say: undefined,
// Date, Map, Set, BigInt, NaN and the infinities. Anything else that is not plain data (a
// function, a socket, an instance of a class) is refused where it was put, by path, rather
// than silently arriving as `{}` on the other side.

const TAG = '$kn';

/** Encodes `value` as text; throws KN_ERR_NOT_SERIALIZABLE naming the path of what cannot be. */
export function encodeValue(value: unknown, what: string): string {
  return JSON.stringify(toWire(value, what, new Set()));
}

/** The value `encodeValue` encoded. */
export function decodeValue(text: string): unknown {
  // Not a JSON.parse reviver: a reviver cannot put undefined in an object or an array.
  return fromWire(JSON.parse(text));
}

function fromWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromWire);
  const tagged = value as { [TAG]?: unknown; v?: unknown };
  switch (tagged[TAG]) {
    case 'u':
      return undefined;
    case 'd':
      return new Date(tagged.v as string);
    case 'm':
      return new Map(
        (tagged.v as Array<[unknown, unknown]>).map(([k, v]) => [fromWire(k), fromWire(v)]),
      );
    case 's':
      return new Set((tagged.v as unknown[]).map(fromWire));
    case 'b':
      return BigInt(tagged.v as string);
    case 'n':
      return Number(tagged.v);
    case 'o':
      return Object.fromEntries(
        (tagged.v as Array<[string, unknown]>).map(([k, v]) => [k, fromWire(v)]),
      );
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = fromWire(item);
  return out;
}

function toWire(value: unknown, path: string, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Object.is(value, -0)) return { [TAG]: 'n', v: '-0' };
      return Number.isFinite(value) ? value : { [TAG]: 'n', v: String(value) };
    case 'undefined':
      return { [TAG]: 'u' };
    case 'bigint':
      return { [TAG]: 'b', v: value.toString() };
    case 'function':
      throw notSerializable(path, 'a function');
    case 'symbol':
      throw notSerializable(path, 'a symbol');
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) throw notSerializable(path, 'a cycle (it contains itself)');
  seen.add(object);
  try {
    if (Array.isArray(object)) return object.map((item, i) => toWire(item, `${path}[${i}]`, seen));
    if (object instanceof Date) return { [TAG]: 'd', v: object.toISOString() };
    if (object instanceof Map) {
      return {
        [TAG]: 'm',
        v: [...object].map(([k, v], i) => [
          toWire(k, `${path}.<key ${i}>`, seen),
          toWire(v, `${path}.get(${JSON.stringify(String(k)).slice(0, 40)})`, seen),
        ]),
      };
    }
    if (object instanceof Set)
      return { [TAG]: 's', v: [...object].map((item, i) => toWire(item, `${path}.<${i}>`, seen)) };
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (prototype as { constructor?: { name?: string } }).constructor?.name;
      throw notSerializable(path, `an instance of ${name || 'a class'}`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) {
      out[key] = toWire(item, `${path}.${key}`, seen);
    }
    // A plain object that has the tag's name as a key of its own goes as its entries, so it
    // decodes as itself and not as a tagged value.
    return Object.hasOwn(out, TAG) ? { [TAG]: 'o', v: Object.entries(out) } : out;
  } finally {
    seen.delete(object);
  }
}
