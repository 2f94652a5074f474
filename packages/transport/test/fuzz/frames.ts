// What attackers send: random and malformed client messages, from pure garbage to frames
// that pass the parser and reach a view with hostile names and values. Shared by the CI
// fuzz test (packages/transport/src/fuzz.test.ts) and the heavier fuzz bench.
import type { Random } from './random.js';

/** One client message: a WebSocket message or a POST body. */
export type FuzzMessage =
  | { readonly kind: string; readonly text: string }
  /** `asText`: sent as a WebSocket text message although it is not valid UTF-8. */
  | { readonly kind: string; readonly bytes: Uint8Array<ArrayBuffer>; readonly asText?: boolean };

/** A page an attacker loaded: a real token and CSRF token, bound to its cookie. */
export interface PageTokens {
  readonly path: string;
  readonly token: string;
  readonly csrf: string;
}

/** What one attacker's connection knows: its refs, the pages it loaded, the views it joined. */
export class FuzzContext {
  private ref = 0;
  readonly joined = new Set<number>();

  constructor(
    readonly rng: Random,
    readonly base: string,
    readonly pages: readonly PageTokens[],
  ) {}

  /** Mostly the next ref, as a client counts; now and then a repeated or older one. */
  nextRef(): number {
    if (this.rng.chance(0.9) || this.ref === 0) return ++this.ref;
    return this.rng.int(0, this.ref);
  }

  /** A joined view most of the time, else a view number nobody joined. */
  view(): number {
    if (this.joined.size > 0 && this.rng.chance(0.75)) return this.rng.pick([...this.joined]);
    return this.rng.int(0, 40);
  }
}

const str = (value: unknown) => JSON.stringify(value);
const frame = (...parts: Array<string | number>) => `[${parts.join(',')}]`;

/** JSON values no field of a frame expects (as JSON text, so `__proto__` stays a key). */
const WEIRD = [
  'null',
  'true',
  'false',
  '-1',
  '-0',
  '0.5',
  '1e21',
  '-1e21',
  '1e400',
  '9007199254740991',
  '9007199254740993',
  '4294967296',
  '""',
  '"1"',
  '"inc"',
  '"__proto__"',
  '[]',
  '[1]',
  '[[]]',
  '{}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"toString":1,"valueOf":1}',
  str('x'.repeat(300)),
  str('\u0000\ud800\udfff\u2028'),
];

/** Names that are lookups waiting to go wrong on a plain object. */
const PROTO_NAMES = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isPrototypeOf',
  'then',
];

const OBJECTS = WEIRD.filter((w) => w.startsWith('{'));

const EVENTS = ['inc', 'redirect', 'patch', 'navigate', 'grow', 'nope', 'INC', ' inc', 'inc\u0000'];

/** Sizes for the Big view's `grow`: huge ones throw at once (no string that long exists). */
const SIZES = ['0', '1', '-5', '1000', '20000', '1e9', '1e300', '"abc"', 'null', '{}', '[]'];

const urlLists = new Map<string, readonly string[]>();

function badUrls(base: string): readonly string[] {
  let urls = urlLists.get(base);
  if (urls === undefined) {
    urls = urlsOf(base);
    urlLists.set(base, urls);
  }
  return urls;
}

function urlsOf(base: string): string[] {
  return [
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<b>x</b>',
    'vbscript:msgbox(1)',
    '//evil.example/counter',
    'http://evil.example/counter',
    'https://evil.example/',
    'http://[::1',
    'http://',
    '',
    '\u0000',
    'file:///etc/passwd',
    '../../../../etc/passwd',
    `${base}/counter?${'x'.repeat(8000)}`,
    'x'.repeat(8193),
    `${base}/doc/secret`,
    `${base}/vault/bob`,
    `${base}/%`,
    `${base}/counter#\u2028`,
    `${base}/doc/%2e%2e%2fsecret`,
    'http://127.0.0.1:1/counter',
    `blob:${base}/x`,
    `${base}/counter`,
    '/counter?x=1',
  ];
}

const cache = new Map<string, string>();
/** Large strings are built once: the generator must keep up with a million frames. */
function cached(key: string, build: () => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

type Generator = (c: FuzzContext) => FuzzMessage;

const text = (kind: string, t: string): FuzzMessage => ({ kind, text: t });

const heartbeat: Generator = (c) => text('heartbeat', frame('"h"', c.nextRef()));

const garbage: Generator = (c) => text('garbage', c.rng.text(200));

const bytes: Generator = (c) => ({ kind: 'bytes', bytes: c.rng.bytes(512) });

/** A frame with bytes that are not UTF-8, as a text message. */
const badUtf8: Generator = (c) => {
  const valid = new TextEncoder().encode(frame('"e"', c.nextRef(), c.view(), '"inc"'));
  const out = new Uint8Array(valid.length + 2);
  out.set(valid);
  const at = c.rng.int(0, valid.length);
  out.copyWithin(at + 2, at, valid.length);
  out[at] = c.rng.pick([0xff, 0xc0, 0xed, 0xf8]);
  out[at + 1] = c.rng.pick([0x80, 0xa0, 0x00, 0xfe]);
  return { kind: 'badUtf8', bytes: out, asText: true };
};

/** A plausible frame, cut short or with one character changed. */
const brokenJson: Generator = (c) => {
  const good = viewEvent(c);
  const source = 'text' in good ? good.text : '["h",1]';
  const at = c.rng.int(0, Math.max(0, source.length - 1));
  const mutated = c.rng.pick([
    () => source.slice(0, at),
    () => source.slice(0, at) + c.rng.text(3) + source.slice(at + 1),
    () => source.slice(0, at) + source.slice(at + 1),
    () => `${source}${source}`,
    () => `${source.slice(0, at)}"${source.slice(at)}`,
  ])();
  return text('brokenJson', mutated);
};

const scalar: Generator = (c) =>
  text(
    'scalar',
    c.rng.pick([
      'null',
      '1',
      '"x"',
      'true',
      '{}',
      '[]',
      '[[]]',
      '[[],[]]',
      '-0',
      '1e999',
      '""',
      '[null]',
      '[1,2,3]',
      '["e"]',
      '[[["e",1,1,"inc"]]]',
      ' ',
      '',
      '\n',
      '["h",1]garbage',
      '["h",1] ',
      '\ufeff["h",1]',
      '{"0":"h","1":1,"length":2}',
    ]),
  );

/** Arrays nested far past any frame's depth (the largest stays under the frame limit). */
const deepArray: Generator = (c) => {
  const depth = c.rng.pick([33, 200, 2000, 20_000]);
  return text(
    'deepArray',
    cached(`deep${depth}`, () => '['.repeat(depth) + ']'.repeat(depth)),
  );
};

/** An event whose payload nests just under, at, or far over the parser's depth limit. */
const deepPayload: Generator = (c) => {
  const depth = c.rng.pick([31, 32, 33, 500, 5000]);
  const nested = c.rng.chance(0.5)
    ? cached(`obj${depth}`, () => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)
    : cached(`arr${depth}`, () => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  return text('deepPayload', frame('"e"', c.nextRef(), c.view(), '"inc"', nested));
};

/** The documented shapes with one field of the wrong type, or too many or few fields. */
const wrongTypes: Generator = (c) => {
  const w = () => c.rng.pick(WEIRD);
  const ref = c.nextRef();
  const v = c.view();
  const page = c.pages.length > 0 ? c.rng.pick(c.pages) : undefined;
  return text(
    'wrongTypes',
    c.rng.pick([
      () => frame('"e"', w(), w(), w()),
      () => frame('"e"', ref, w(), '"inc"'),
      () => frame('"e"', ref, v, w()),
      () => frame('"e"', ref, v, '"inc"', w()),
      () => frame('"e"', ref, v, '"inc"', '{}', w()),
      () => frame('"e"', ref, v, '"inc"', '{}', '"x"', '"extra"'),
      () => frame('"e"', ref, v),
      () => frame('"j"', ref, w(), w()),
      () => frame('"j"', ref, v, `{"k":${w()},"c":${w()},"u":${w()},"v":${w()}}`),
      () =>
        frame('"j"', ref, v, `{"k":${str(page?.token ?? '')},"c":${w()},"u":${str(c.base)},"v":1}`),
      () => frame('"u"', ref, v, w()),
      () => frame('"l"', ref, w()),
      () => frame('"h"', w()),
      () => frame('"h"', ref, w()),
      () => frame('"a"', w()),
      () => frame('"a"'),
      () => frame(w(), ref),
      () => frame('"x"', ref, '"KN_ERR_FRAME_MALFORMED"', '"spoofed"'),
      () => frame('"s"', '"sid"', 1, 0, 1, '"key"'),
      () => frame('"r"', ref),
    ])(),
  );
};

const HUGE = [
  '9007199254740991',
  '9007199254740992',
  '1e21',
  '1.7976931348623157e308',
  cached('nines', () => '9'.repeat(400)),
];

const hugeRef: Generator = (c) => {
  const n = c.rng.pick(HUGE);
  return text(
    'hugeRef',
    c.rng.pick([
      () => frame('"h"', n),
      () => frame('"e"', n, c.view(), '"inc"'),
      () => frame('"l"', c.nextRef(), n),
      () => frame('"u"', n, c.view(), str(c.base)),
    ])(),
  );
};

const negative: Generator = (c) => {
  const n = c.rng.pick(['-1', '-9007199254740991', '-1e21', '-0.5', '-0']);
  return text(
    'negative',
    c.rng.pick([
      () => frame('"h"', n),
      () => frame('"e"', n, c.view(), '"inc"'),
      () => frame('"e"', c.nextRef(), n, '"inc"'),
      () => frame('"l"', c.nextRef(), n),
      () => frame('"a"', n),
    ])(),
  );
};

const unknownView: Generator = (c) => {
  const v = c.rng.pick([c.rng.int(41, 2 ** 31), 4294967296, 9007199254740991]);
  return text(
    'unknownView',
    c.rng.pick([
      () => frame('"e"', c.nextRef(), v, '"inc"'),
      () => frame('"l"', c.nextRef(), v),
      () => frame('"u"', c.nextRef(), v, str(`${c.base}/counter`)),
      () => frame('"e"', c.nextRef(), v, '"inc"', '{}', '"1"'),
    ])(),
  );
};

/** Events and components named after Object.prototype's members. */
const protoEvent: Generator = (c) => {
  const name = str(c.rng.pick(PROTO_NAMES));
  const payload = c.rng.chance(0.3) ? '{}' : c.rng.pick(OBJECTS);
  return text(
    'protoEvent',
    c.rng.pick([
      () => frame('"e"', c.nextRef(), c.view(), name),
      () => frame('"e"', c.nextRef(), c.view(), name, payload),
      () => frame('"e"', c.nextRef(), c.view(), '"inc"', payload, name),
      () => frame('"e"', c.nextRef(), c.view(), name, payload, name),
    ])(),
  );
};

/** Joins with forged, tampered or mismatched tokens, and wrong versions and URLs. */
const badJoin: Generator = (c) => {
  const page = c.pages.length > 0 ? c.rng.pick(c.pages) : { path: '/', token: 'x.y', csrf: 'z' };
  const urls = badUrls(c.base);
  const flip = (t: string) => {
    const at = c.rng.int(0, t.length - 1);
    return t.slice(0, at) + (t[at] === 'A' ? 'B' : 'A') + t.slice(at + 1);
  };
  const [body = '', mac = ''] = page.token.split('.');
  const forged = () => {
    const claims = Buffer.from(body, 'base64url').toString();
    const changed = claims.replace(
      /"v":"\w+"/,
      `"v":${str(c.rng.pick(['Vault', '__proto__', 'Nope']))}`,
    );
    return `${Buffer.from(changed).toString('base64url')}.${mac}`;
  };
  const join = (k: string, csrf: string, u: string, v: string) =>
    frame('"j"', c.nextRef(), c.view(), `{"k":${str(k)},"c":${str(csrf)},"u":${str(u)},"v":${v}}`);
  const url = `${c.base}${page.path}`;
  return text(
    'badJoin',
    c.rng.pick([
      () => join(c.rng.text(100), page.csrf, url, '1'),
      () => join(flip(page.token), page.csrf, url, '1'),
      () => join(forged(), page.csrf, url, '1'),
      () => join(`${body}.${mac}${mac}`, page.csrf, url, '1'),
      () => join(`.${mac}`, page.csrf, url, '1'),
      () => join(page.token, c.rng.text(30), url, '1'),
      () => join(page.token, '', url, '1'),
      () => join(page.token, page.csrf, c.rng.pick(urls), '1'),
      () => join(page.token, page.csrf, url, c.rng.pick(['2', '"1"', '0', 'null', '-1', '1.5'])),
      () =>
        join(
          cached('longToken', () => 'x'.repeat(5000)),
          page.csrf,
          url,
          '1',
        ),
      () =>
        frame(
          '"j"',
          c.nextRef(),
          c.view(),
          `{"k":${str(page.token)},"c":${str(page.csrf)},"u":${str(url)},"v":1,"__proto__":{"v":2}}`,
        ),
    ])(),
  );
};

/** A join that succeeds when the connection carries the page's cookie. */
const goodJoin: Generator = (c) => {
  if (c.pages.length === 0) return heartbeat(c);
  const page = c.rng.pick(c.pages);
  const id = c.rng.chance(0.8) ? c.rng.int(1, 40) : c.view();
  c.joined.add(id);
  return text(
    'goodJoin',
    frame(
      '"j"',
      c.nextRef(),
      id,
      str({ k: page.token, c: page.csrf, u: `${c.base}${page.path}`, v: 1 }),
    ),
  );
};

const badUrl: Generator = (c) =>
  text('badUrl', frame('"u"', c.nextRef(), c.view(), str(c.rng.pick(badUrls(c.base)))));

const hugeAck: Generator = (c) =>
  text(
    'hugeAck',
    frame(
      '"a"',
      c.rng.pick(['9007199254740991', '9007199254740992', '1e21', '0', '1', '4294967296', '1.5']),
    ),
  );

/** Events a joined view knows, with hostile values: navigation to script URLs, huge sizes. */
function viewEvent(c: FuzzContext): FuzzMessage {
  const event = c.rng.pick(EVENTS);
  const urls = badUrls(c.base);
  const payload = c.rng.pick([
    () => `{"to":${c.rng.chance(0.7) ? str(c.rng.pick(urls)) : c.rng.pick(WEIRD)}}`,
    () => `{"size":${c.rng.pick(SIZES)}}`,
    () => c.rng.pick(OBJECTS),
    () => '{}',
  ])();
  return text(
    'viewEvent',
    c.rng.chance(0.2)
      ? frame('"e"', c.nextRef(), c.view(), str(event))
      : frame('"e"', c.nextRef(), c.view(), str(event), payload),
  );
}

const leave: Generator = (c) => {
  const view = c.view();
  c.joined.delete(view);
  return text('leave', frame('"l"', c.nextRef(), view));
};

/** Several frames in one message, valid and not, and batches over the batch limit. */
const batch: Generator = (c) => {
  const choice = c.rng.next();
  if (choice < 0.1) {
    return text(
      'batch',
      cached('batch1001', () => `[${Array.from({ length: 1001 }, (_, i) => `["h",${i}]`).join()}]`),
    );
  }
  if (choice < 0.2)
    return text('batch', c.rng.pick(['[["h",1],"x"]', '[[],[]]', '[["h",1],null]']));
  const parts: string[] = [];
  const count = c.rng.int(1, 12);
  for (let i = 0; i < count; i++) {
    const m = c.rng.pick([heartbeat, viewEvent, wrongTypes, protoEvent, hugeAck, badUrl])(c);
    if ('text' in m) parts.push(m.text);
  }
  return text('batch', `[${parts.join(',')}]`);
};

/** Over the frame limit (64 KiB), and over the socket's and the POST body's limit. */
const oversized: Generator = (c) => {
  const size = c.rng.pick([64 * 1024 + 1, 100_000, 300_000]);
  const filler = cached(`fill${size}`, () => 'x'.repeat(size));
  return text('oversized', frame('"e"', c.nextRef(), c.view(), '"inc"', `{"a":"${filler}"}`));
};

const GENERATORS: ReadonlyArray<readonly [weight: number, generate: Generator]> = [
  [6, garbage],
  [3, bytes],
  [2, badUtf8],
  [6, brokenJson],
  [3, scalar],
  [2, deepArray],
  [2, deepPayload],
  [8, wrongTypes],
  [3, hugeRef],
  [3, negative],
  [3, unknownView],
  [5, protoEvent],
  [6, badJoin],
  [3, goodJoin],
  [4, badUrl],
  [3, hugeAck],
  [8, viewEvent],
  [4, batch],
  [0.3, oversized],
  [4, heartbeat],
  [2, leave],
];
const TOTAL = GENERATORS.reduce((sum, [w]) => sum + w, 0);

/** The next message an attacker sends, drawn by weight from every kind above. */
export function fuzzMessage(c: FuzzContext): FuzzMessage {
  let at = c.rng.next() * TOTAL;
  for (const [weight, generate] of GENERATORS) {
    at -= weight;
    if (at < 0) return generate(c);
  }
  return heartbeat(c);
}

/** The message as POST body bytes or text. */
export function bodyOf(message: FuzzMessage): string | Uint8Array<ArrayBuffer> {
  return 'text' in message ? message.text : message.bytes;
}
