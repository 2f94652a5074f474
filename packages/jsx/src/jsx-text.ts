import { escapeHtml } from '@kinetic/diff';

/**
 * JSX's whitespace rule, as TypeScript and Babel apply it: lines are trimmed, blank lines
 * dropped, the rest joined by one space; text on a single line is kept as written. Returns
 * undefined when nothing remains. The runtime fallback receives text cleaned by this same
 * rule (the compiler's), so both paths render the same bytes.
 */
export function cleanJsxText(text: string): string | undefined {
  let out: string | undefined;
  let first = 0;
  let last = -1;
  const add = (line: string) => {
    out = out === undefined ? line : `${out} ${line}`;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\n' || ch === '\r') {
      if (first !== -1 && last !== -1) add(text.slice(first, last + 1));
      first = -1;
    } else if (ch !== ' ' && ch !== '\t' && ch !== '\v' && ch !== '\f') {
      last = i;
      if (first === -1) first = i;
    }
  }
  if (first !== -1) add(text.slice(first));
  return out;
}

/** The named entities decoded here; any other `&name;` is left for the browser to decode. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
};

const ENTITY_OR_SPECIAL = /&(?:#x([0-9a-f]+)|#([0-9]+)|([a-z][a-z0-9]*));|[&<>"']/gi;

/**
 * JSX text or a JSX attribute string as HTML: entities decoded (JSX's meaning of them), then
 * escaped as `html` escapes a value, so the static reads as the fallback's escaped value does.
 */
export function jsxTextToHtml(text: string): string {
  return text.replace(ENTITY_OR_SPECIAL, (match, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined || dec !== undefined) {
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
      return code > 0 && code <= 0x10ffff ? escapeHtml(String.fromCodePoint(code)) : match;
    }
    if (name !== undefined) {
      const decoded = NAMED[name];
      return decoded === undefined ? match : escapeHtml(decoded);
    }
    return escapeHtml(match);
  });
}

/** JSX text or an attribute string as the string value JSX gives it (entities decoded). */
export function decodeJsxEntities(text: string): string {
  return text.replace(ENTITY_OR_SPECIAL, (match, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined || dec !== undefined) {
      const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return name === undefined ? match : (NAMED[name] ?? match);
  });
}
