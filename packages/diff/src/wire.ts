import { unknownStatics, wireMalformed } from './errors.js';
import type { DynPatch, KeyedPatch, SlotsPatch } from './patch.js';
import {
  type Dyn,
  keyIndex,
  type RenderedKeyed,
  type RenderedList,
  type RenderedNode,
} from './rendered.js';
import { locationOf, type Statics, trustStatics } from './template.js';

/**
 * The JSON wire form. See docs/protocol.md for the full grammar. In short:
 * text is a string; a node is {f: fingerprint, d: [dyns]}; a list is {l: [nodes]} or, when
 * every item shares statics, {c: fingerprint, l: [[dyns]...]}; a keyed list is
 * {k: [[key, node]...]} (or with c, [[key, [dyns]]...]). A patch is a full value, or
 * {"<index>": patch, n?: length} for a node or list, or {r?, m?, u?} for a keyed list.
 */
export type WireDyn = string | WireNode | WireList | WireKeyed;
export interface WireNode {
  f: string;
  d: WireDyn[];
}
export interface WireList {
  c?: string;
  l: Array<WireNode | WireDyn[]>;
}
export interface WireKeyed {
  c?: string;
  k: Array<[string, WireNode | WireDyn[]]>;
}
export type WirePatch = WireDyn | WireSlotsPatch | WireKeyedPatch;
export interface WireSlotsPatch {
  n?: number;
  [index: number]: WirePatch;
}
export interface WireKeyedPatch {
  r?: string[];
  m?: Array<[string, string | null] | [string, string | null, WireNode]>;
  u?: Record<string, WirePatch>;
}

/** The statics a message introduces: fingerprint -> static strings. */
export type StaticsTable = Record<string, string[]>;

/** A tree as sent: the statics the receiver lacks, and the tree. */
export interface WireTreeMessage {
  s?: StaticsTable;
  t: WireDyn;
}

/** A patch as sent: the statics the receiver lacks, and the patch. */
export interface WirePatchMessage {
  s?: StaticsTable;
  p: WirePatch;
}

/**
 * Encodes a tree. `sent` holds the fingerprints the receiver already has; statics not in
 * it travel once in `s` and are added to it.
 */
export function encodeTree(tree: Dyn, sent: Set<string> = new Set()): WireTreeMessage {
  const encoder = new Encoder(sent);
  const t = encoder.dyn(tree);
  return encoder.table === undefined ? { t } : { s: encoder.table, t };
}

/** Encodes a patch, with the statics of any new subtree the receiver lacks. */
export function encodePatch(patch: DynPatch, sent: Set<string> = new Set()): WirePatchMessage {
  const encoder = new Encoder(sent);
  const p = encoder.patch(patch);
  return encoder.table === undefined ? { p } : { s: encoder.table, p };
}

class Encoder {
  table: StaticsTable | undefined;
  constructor(private readonly sent: Set<string>) {}

  fingerprint(statics: Statics): string {
    if (!this.sent.has(statics.fp)) {
      this.sent.add(statics.fp);
      if (this.table === undefined) this.table = {};
      this.table[statics.fp] = [...statics.statics];
    }
    return statics.fp;
  }

  /** `owner` is the template holding the value, named when a keyed list repeats a key. */
  dyn(value: Dyn, owner?: Statics): WireDyn {
    if (typeof value === 'string') return value;
    switch (value.kind) {
      case 'node':
        return this.node(value);
      case 'list':
        return this.list(value);
      case 'keyed':
        return this.keyed(value, owner);
    }
  }

  dyns(value: RenderedNode): WireDyn[] {
    return value.d.map((d) => this.dyn(d, value.t));
  }

  node(value: RenderedNode): WireNode {
    return { f: this.fingerprint(value.t), d: this.dyns(value) };
  }

  shared(nodes: readonly RenderedNode[]): string | undefined {
    const first = nodes[0];
    if (first === undefined || nodes.length < 2) return undefined;
    return nodes.every((n) => n.t.fp === first.t.fp) ? this.fingerprint(first.t) : undefined;
  }

  list(value: RenderedList): WireList {
    const c = this.shared(value.items);
    if (c === undefined) return { l: value.items.map((n) => this.node(n)) };
    return { c, l: value.items.map((n) => this.dyns(n)) };
  }

  keyed(value: RenderedKeyed, owner: Statics | undefined): WireKeyed {
    // The receiver indexes rows by key: a repeated key must fail here, not there.
    keyIndex(value, locationOf(owner));
    const c = this.shared(value.rows);
    const k = value.keys.map((key, i): [string, WireNode | WireDyn[]] => {
      const n = value.rows[i] as RenderedNode;
      return [key, c === undefined ? this.node(n) : this.dyns(n)];
    });
    return c === undefined ? { k } : { c, k };
  }

  patch(value: DynPatch): WirePatch {
    if (typeof value === 'string') return value;
    switch (value.kind) {
      case 'node':
      case 'list':
      case 'keyed':
        return this.dyn(value);
      case 'slots': {
        const out: WireSlotsPatch = {};
        if (value.length !== undefined) out.n = value.length;
        for (const [index, change] of value.slots) out[index] = this.patch(change);
        return out;
      }
      case 'keyedPatch': {
        const out: WireKeyedPatch = {};
        if (value.removed.length > 0) out.r = [...value.removed];
        if (value.placed.length > 0) {
          out.m = value.placed.map(([key, after, node]) =>
            node === undefined ? [key, after] : [key, after, this.node(node)],
          );
        }
        if (value.updated.length > 0) {
          // No prototype: a row keyed "__proto__" must become a property, not a prototype.
          const u: Record<string, WirePatch> = Object.create(null);
          for (const [key, change] of value.updated) u[key] = this.patch(change);
          out.u = u;
        }
        return out;
      }
    }
  }
}

/** Receiver-side statics: every fingerprint received so far. */
export type StaticsCache = Map<string, Statics>;

/** Decodes a tree message, adding its statics to `cache`. Validates as it goes. */
export function decodeTree(message: unknown, cache: StaticsCache): Dyn {
  const decoder = new Decoder(cache);
  const m = decoder.message(message);
  if (!('t' in m)) throw wireMalformed('a tree message needs "t"');
  return decoder.dyn(m.t);
}

/** Decodes a patch message, adding its statics to `cache`. Validates as it goes. */
export function decodePatch(message: unknown, cache: StaticsCache): DynPatch {
  const decoder = new Decoder(cache);
  const m = decoder.message(message);
  if (!('p' in m)) throw wireMalformed('a patch message needs "p"');
  return decoder.patch(m.p);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

class Decoder {
  constructor(private readonly cache: StaticsCache) {}

  message(message: unknown): Record<string, unknown> {
    if (!isObject(message)) throw wireMalformed('a message must be an object');
    const s = message.s;
    if (s !== undefined) {
      if (!isObject(s)) throw wireMalformed('"s" must be an object');
      for (const [fp, statics] of Object.entries(s)) {
        if (
          !Array.isArray(statics) ||
          statics.length === 0 ||
          !statics.every((x) => typeof x === 'string')
        ) {
          throw wireMalformed(`statics of "${fp}" must be a non-empty array of strings`);
        }
        this.cache.set(fp, trustStatics({ fp, statics: statics as string[] }));
      }
    }
    return message;
  }

  statics(fp: unknown): Statics {
    if (typeof fp !== 'string') throw wireMalformed('a fingerprint must be a string');
    const statics = this.cache.get(fp);
    if (statics === undefined) throw unknownStatics(fp);
    return statics;
  }

  dyns(values: unknown, t: Statics): Dyn[] {
    if (!Array.isArray(values) || values.length !== t.statics.length - 1) {
      throw wireMalformed(`template "${t.fp}" takes ${t.statics.length - 1} dynamics`);
    }
    return values.map((v) => this.dyn(v));
  }

  node(value: unknown, shared?: Statics): RenderedNode {
    if (shared !== undefined) return { kind: 'node', t: shared, d: this.dyns(value, shared) };
    if (!isObject(value) || !('f' in value)) throw wireMalformed('expected a node {f, d}');
    const t = this.statics(value.f);
    return { kind: 'node', t, d: this.dyns(value.d, t) };
  }

  dyn(value: unknown): Dyn {
    if (typeof value === 'string') return value;
    if (!isObject(value)) throw wireMalformed('a dynamic must be a string or an object');
    if ('f' in value) return this.node(value);
    const shared = value.c === undefined ? undefined : this.statics(value.c);
    if ('l' in value) {
      if (!Array.isArray(value.l)) throw wireMalformed('"l" must be an array');
      return { kind: 'list', items: value.l.map((item) => this.node(item, shared)) };
    }
    if ('k' in value) {
      if (!Array.isArray(value.k)) throw wireMalformed('"k" must be an array');
      const keys: string[] = [];
      const rows: RenderedNode[] = [];
      const seen = new Set<string>();
      for (const entry of value.k) {
        if (!Array.isArray(entry) || typeof entry[0] !== 'string' || seen.has(entry[0])) {
          throw wireMalformed('keyed entries must be [uniqueKey, node]');
        }
        seen.add(entry[0]);
        keys.push(entry[0]);
        rows.push(this.node(entry[1], shared));
      }
      return { kind: 'keyed', keys, rows };
    }
    throw wireMalformed(`unknown dynamic with keys ${Object.keys(value).join(',') || '(none)'}`);
  }

  patch(value: unknown): DynPatch {
    if (typeof value === 'string') return value;
    if (!isObject(value)) throw wireMalformed('a patch must be a string or an object');
    if ('f' in value || 'l' in value || 'k' in value) return this.dyn(value);
    if ('r' in value || 'm' in value || 'u' in value) return this.keyedPatch(value);
    return this.slotsPatch(value);
  }

  slotsPatch(value: Record<string, unknown>): SlotsPatch {
    const slots: Array<readonly [number, DynPatch]> = [];
    let length: number | undefined;
    for (const [key, change] of Object.entries(value)) {
      if (key === 'n') {
        if (!Number.isInteger(change) || (change as number) < 0)
          throw wireMalformed('"n" must be a length');
        length = change as number;
        continue;
      }
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || String(index) !== key) {
        throw wireMalformed(`unexpected key "${key}" in a slot patch`);
      }
      slots.push([index, this.patch(change)]);
    }
    return length === undefined ? { kind: 'slots', slots } : { kind: 'slots', length, slots };
  }

  keyedPatch(value: Record<string, unknown>): KeyedPatch {
    const { r = [], m = [], u = {} } = value;
    if (!Array.isArray(r) || !r.every((k) => typeof k === 'string'))
      throw wireMalformed('"r" must list keys');
    if (!Array.isArray(m)) throw wireMalformed('"m" must be an array');
    if (!isObject(u)) throw wireMalformed('"u" must be an object');
    const placed = m.map((entry): readonly [string, string | null, RenderedNode?] => {
      if (
        !Array.isArray(entry) ||
        typeof entry[0] !== 'string' ||
        !(entry[1] === null || typeof entry[1] === 'string')
      ) {
        throw wireMalformed('"m" entries must be [key, after|null, node?]');
      }
      return entry.length > 2 ? [entry[0], entry[1], this.node(entry[2])] : [entry[0], entry[1]];
    });
    const updated = Object.entries(u).map(([key, change]) => [key, this.patch(change)] as const);
    return { kind: 'keyedPatch', removed: r as string[], placed, updated };
  }
}
