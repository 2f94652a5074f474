import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  applyPatch,
  decodePatch,
  decodeTree,
  diff,
  each,
  encodePatch,
  encodeTree,
  html,
  type RenderedNode,
  renderToString,
  type StaticsCache,
} from './index.js';

// ---- Random trees are described as data (specs), then built with real html`` call sites.

type Kind = 'text' | 'attr' | 'bool' | 'comment';
type Scalar = string | number | bigint | boolean | null | undefined;
interface Spec {
  readonly t: number;
  readonly v: readonly Value[];
}
interface ItemSpec {
  readonly id: string;
  readonly row: Spec;
}
interface KeyedSpec {
  readonly each: readonly ItemSpec[];
}
type Value = Scalar | Spec | KeyedSpec | ReadonlyArray<Spec | string>;

/** The pool of call sites: text, quoted attribute, whole attribute and comment slots. */
const TEMPLATES: ReadonlyArray<{
  readonly kinds: readonly Kind[];
  readonly render: (v: readonly unknown[]) => RenderedNode;
}> = [
  { kinds: ['text'], render: (v) => html`<span>${v[0]}</span>` },
  { kinds: ['attr', 'text'], render: (v) => html`<div class="box ${v[0]}">${v[1]}</div>` },
  {
    kinds: ['attr', 'text', 'text'],
    render: (v) => html`<section id="s-${v[0]}"><h2>${v[1]}</h2>${v[2]}</section>`,
  },
  {
    kinds: ['bool', 'attr'],
    render: (v) => html`<button disabled=${v[0]} title='${v[1]}'>go</button>`,
  },
  { kinds: ['attr', 'text'], render: (v) => html`<li><a href="/items/${v[0]}">${v[1]}</a></li>` },
  { kinds: [], render: () => html`<hr>` },
  {
    kinds: ['text', 'text', 'text', 'comment'],
    render: (v) =>
      html`<table><tr><td>${v[0]}</td><td>${v[1]}</td></tr>${v[2]}<!-- ${v[3]} --></table>`,
  },
  {
    kinds: ['text', 'attr', 'text'],
    render: (v) => html`
      <ul class="list ${v[1]}">
        ${v[0]}
      </ul>
      <footer>${v[2]}</footer>
    `,
  },
];

const MAX_DEPTH = 3;

const isSpec = (v: Value): v is Spec => typeof v === 'object' && v !== null && 't' in v;
const isKeyed = (v: Value): v is KeyedSpec => typeof v === 'object' && v !== null && 'each' in v;

interface Item {
  readonly id: string;
  readonly spec: ItemSpec;
  readonly fresh: boolean;
}

/** Rows are values: an unchanged ItemSpec keeps its Item object, so each() reuses its row. */
const items = new WeakMap<ItemSpec, Item>();
const itemFor = (spec: ItemSpec, fresh: boolean): Item => {
  if (fresh) return { id: spec.id, spec, fresh };
  let item = items.get(spec);
  if (item === undefined) {
    item = { id: spec.id, spec, fresh };
    items.set(spec, item);
  }
  return item;
};
const renderRow = (item: Item) => build(item.spec.row, item.fresh);
const keyOf = (item: Item) => item.id;

/** Builds the tree of a spec; `fresh` builds every node and row anew (no memoized rows). */
function build(spec: Spec, fresh = false): RenderedNode {
  const template = TEMPLATES[spec.t] as (typeof TEMPLATES)[number];
  return template.render(spec.v.map((value) => toValue(value, fresh)));
}

function toValue(value: Value, fresh: boolean): unknown {
  if (Array.isArray(value)) {
    return value.map((x: Spec | string) => (typeof x === 'string' ? x : build(x, fresh)));
  }
  if (isSpec(value as Value)) return build(value as Spec, fresh);
  if (isKeyed(value as Value)) {
    return each(
      (value as KeyedSpec).each.map((spec) => itemFor(spec, fresh)),
      keyOf,
      renderRow,
    );
  }
  return value;
}

// ---- Arbitraries.

const textArb = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom('<', '>', '&', '"', "'", '&amp;', '<script>x</script>', '', ' ', '\n  ', '😀'),
);
const scalarArb: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 4, arbitrary: textArb },
  fc.integer(),
  fc.double(),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const attrArb: fc.Arbitrary<Scalar> = fc.oneof(
  textArb,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const boolArb: fc.Arbitrary<Scalar> = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  textArb,
  fc.integer(),
);
const keyArb = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom('__proto__', 'constructor', '0', '1', '10', '01', 'n', 'r', 'm', 'u', ''),
);

const specArbs = new Map<number, fc.Arbitrary<Spec>>();
function specArb(depth: number): fc.Arbitrary<Spec> {
  let arb = specArbs.get(depth);
  if (arb === undefined) {
    arb = fc.nat({ max: TEMPLATES.length - 1 }).chain((t) => {
      const kinds = (TEMPLATES[t] as (typeof TEMPLATES)[number]).kinds;
      return fc.tuple(...kinds.map((kind) => valueArb(kind, depth))).map((v): Spec => ({ t, v }));
    });
    specArbs.set(depth, arb);
  }
  return arb;
}

function keyedArb(depth: number): fc.Arbitrary<KeyedSpec> {
  return fc
    .uniqueArray(fc.record({ id: keyArb, row: specArb(depth) }), {
      selector: (item) => item.id,
      maxLength: 6,
    })
    .map((list): KeyedSpec => ({ each: list }));
}

function valueArb(kind: Kind, depth: number): fc.Arbitrary<Value> {
  switch (kind) {
    case 'attr':
      return attrArb;
    case 'bool':
      return boolArb;
    case 'comment':
      return textArb;
    case 'text':
      if (depth >= MAX_DEPTH) return scalarArb;
      return fc.oneof(
        { weight: 3, arbitrary: scalarArb },
        { weight: 2, arbitrary: specArb(depth + 1) },
        {
          weight: 1,
          arbitrary: fc.array(fc.oneof(specArb(depth + 1), textArb), { maxLength: 4 }),
        },
        { weight: 3, arbitrary: keyedArb(depth + 1) },
      );
  }
}

// ---- Random changes, drawn inside the property so they depend on the tree at hand.

type Gen = fc.GeneratorValue;
const percent = (g: Gen) => g(fc.nat, { max: 99 });
const index = (g: Gen, length: number) => g(fc.nat, { max: Math.max(0, length - 1) });

function mutateSpec(spec: Spec, g: Gen, depth: number): Spec {
  const roll = percent(g);
  if (roll < 8) return g(specArb, depth);
  if (roll < 25) return spec;
  const kinds = (TEMPLATES[spec.t] as (typeof TEMPLATES)[number]).kinds;
  const v = spec.v.map((value, i) =>
    percent(g) < 45 ? mutateValue(value, kinds[i] as Kind, g, depth) : value,
  );
  return { t: spec.t, v };
}

function mutateValue(value: Value, kind: Kind, g: Gen, depth: number): Value {
  if (percent(g) < 15) return g(valueArb, kind, depth);
  if (Array.isArray(value)) return mutateArray(value, g, depth);
  if (isSpec(value as Value)) return mutateSpec(value as Spec, g, depth + 1);
  if (isKeyed(value as Value)) return mutateKeyed(value as KeyedSpec, g, depth);
  return g(valueArb, kind, depth);
}

function mutateArray(value: ReadonlyArray<Spec | string>, g: Gen, depth: number) {
  const out = [...value];
  const at = index(g, out.length);
  switch (g(fc.nat, { max: 3 })) {
    case 0:
      out.splice(g(fc.nat, { max: out.length }), 0, g(specArb, Math.min(depth + 1, MAX_DEPTH)));
      break;
    case 1:
      out.splice(at, 1);
      break;
    case 2:
      if (out.length > 0) out[at] = g(() => textArb);
      break;
    default: {
      const x = out[at];
      if (x !== undefined && typeof x !== 'string') out[at] = mutateSpec(x, g, depth + 1);
    }
  }
  return out;
}

function mutateKeyed(value: KeyedSpec, g: Gen, depth: number): KeyedSpec {
  const out = [...value.each];
  const rowDepth = Math.min(depth + 1, MAX_DEPTH);
  const operations = g(fc.integer, { min: 1, max: 3 });
  for (let n = 0; n < operations; n++) {
    const at = index(g, out.length);
    switch (g(fc.nat, { max: 9 })) {
      case 0: {
        const id = g(() => keyArb);
        if (!out.some((item) => item.id === id)) {
          out.splice(g(fc.nat, { max: out.length }), 0, { id, row: g(specArb, rowDepth) });
        }
        break;
      }
      case 1:
        out.splice(at, 1);
        break;
      case 2:
        out.unshift(...out.splice(at, 1));
        break;
      case 3:
        out.push(...out.splice(at, 1));
        break;
      case 4: {
        const other = index(g, out.length);
        if (out.length > 0) {
          [out[at], out[other]] = [out[other] as ItemSpec, out[at] as ItemSpec];
        }
        break;
      }
      case 5:
        out.reverse();
        break;
      case 6:
        for (let i = out.length - 1; i > 0; i--) {
          const j = g(fc.nat, { max: i });
          [out[i], out[j]] = [out[j] as ItemSpec, out[i] as ItemSpec];
        }
        break;
      case 7:
        if (percent(g) < 20) out.length = 0;
        break;
      default: {
        // A changed row is a new object, as each() expects of its items.
        const item = out[at];
        if (item !== undefined) out[at] = { id: item.id, row: mutateSpec(item.row, g, rowDepth) };
      }
    }
  }
  return { each: out };
}

// ---- Properties.

/** A message as the receiver gets it. */
const overTheWire = (message: unknown): unknown => JSON.parse(JSON.stringify(message));

describe('diff, applyPatch and the wire form agree with a full re-render', () => {
  test('applying diff(prev, next) to prev renders as next, directly and over the wire', () => {
    fc.assert(
      fc.property(specArb(0), fc.gen(), (spec, g) => {
        const sent = new Set<string>();
        const cache: StaticsCache = new Map();
        let prev = build(spec);
        let client = decodeTree(overTheWire(encodeTree(prev, sent)), cache);
        expect(renderToString(client)).toBe(renderToString(prev));

        let current = spec;
        for (let step = 0; step < 3; step++) {
          const nextSpec = mutateSpec(current, g, 0);
          const next = build(nextSpec);
          const expected = renderToString(next);
          const patch = diff(prev, next);
          const patched = applyPatch(prev, patch);
          expect(renderToString(patched)).toBe(expected);
          expect(diff(patched, next)).toBeNull();
          if (patch !== null) {
            const known = new Set(sent);
            const message = encodePatch(patch, sent);
            // Statics travel once per receiver: never any the receiver already has.
            for (const fp of Object.keys(message.s ?? {})) expect(known.has(fp)).toBe(false);
            client = applyPatch(client, decodePatch(overTheWire(message), cache));
          }
          expect(renderToString(client)).toBe(expected);
          prev = next;
          current = nextSpec;
        }
      }),
      { numRuns: 400 },
    );
  });

  test('equal trees give no patch: the same tree, and two built independently', () => {
    fc.assert(
      fc.property(specArb(0), (spec) => {
        const tree = build(spec);
        expect(diff(tree, tree)).toBeNull();
        expect(diff(build(spec, true), build(spec, true))).toBeNull();
        expect(diff(tree, build(spec, true))).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  test('a tree survives the wire: decodeTree(JSON(encodeTree(t))) renders as t', () => {
    fc.assert(
      fc.property(specArb(0), (spec) => {
        const tree = build(spec, true);
        const cache: StaticsCache = new Map();
        const decoded = decodeTree(overTheWire(encodeTree(tree)), cache);
        expect(renderToString(decoded)).toBe(renderToString(tree));
        expect(diff(tree, decoded)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });
});
