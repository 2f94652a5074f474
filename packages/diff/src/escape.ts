const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

/** Escapes text for an HTML text or quoted attribute position. */
export function escapeHtml(value: string): string {
  // Most values need no escaping; the test is far cheaper than the replace.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPE_ALL, (ch) => ESCAPES[ch] as string);
}

/** Attributes whose value is followed as a URL by the browser. */
export const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'poster',
  'cite',
  'background',
  'data',
  'codebase',
  'srcset',
  'ping',
  'lv-patch',
  'lv-navigate',
]);

const ENTITY = /&#x[0-9a-f]+;?|&#[0-9]+;?|&colon;|&tab;|&newline;/gi;

/**
 * Decodes the entities that can hide a scheme. Static parts and raw() reach the page
 * unescaped, and the browser decodes them before it reads the value.
 */
function decodeEntities(value: string): string {
  return value.replace(ENTITY, (entity) => {
    const name = entity.toLowerCase();
    if (name.startsWith('&colon')) return ':';
    if (name.startsWith('&tab')) return '\t';
    if (name.startsWith('&newline')) return '\n';
    const hex = name[2] === 'x';
    const code = Number.parseInt(name.slice(hex ? 3 : 2), hex ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** Lower-cases and drops the ASCII whitespace and control characters browsers ignore in a scheme. */
const compact = (value: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these in schemes
  value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();

function isScriptScheme(decoded: string): boolean {
  const url = compact(decoded);
  return (
    url.startsWith('javascript:') ||
    url.startsWith('vbscript:') ||
    url.startsWith('data:text/html') ||
    url.startsWith('data:image/svg')
  );
}

/**
 * True for URLs that run script when followed. Entities are decoded first, then the ASCII
 * whitespace and control characters browsers ignore inside a scheme are stripped before the check.
 */
export function isScriptUrl(value: string): boolean {
  return isScriptScheme(decodeEntities(value));
}

/**
 * True when any entry of a `;`-separated SMIL list (`<animate values>`) is a script URL.
 * Entities are decoded before splitting: `&#59;` separates entries too.
 */
export function hasScriptUrlEntry(value: string): boolean {
  return decodeEntities(value).split(';').some(isScriptScheme);
}

/** One left-to-right pass, as the CSS tokenizer reads: a comment, or an escape (`\6a`, `\:`). */
const CSS_COMMENT_OR_ESCAPE = /\/\*[\s\S]*?(?:\*\/|$)|\\(?:([0-9a-f]{1,6})\s?|([\s\S]))/gi;
/** The target of each `url(`, after its opening quote if any. */
const CSS_URL = /url\(['"]?([^)'"]*)/g;
/** CSS that runs script, or loads it (`behavior`, also `*behavior`, but not `scroll-behavior`). */
const SCRIPT_CSS = /expression\(|javascript:|vbscript:|-moz-binding|(?:^|[^-a-z0-9])behavior:/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/;
const SAFE_CSS_URL = /^(?:https?:|data:image\/)/;

/**
 * True for CSS that can run script or fetch from a non-web scheme: `expression(` (old IE),
 * `javascript:`/`vbscript:` anywhere, the `behavior` property and
 * `-moz-binding` (they load script), or a
 * `url(` whose target has a scheme other than http, https or data:image/. The value is read as
 * the browser would: entities decoded, CSS comments dropped, CSS escapes decoded, whitespace
 * and case ignored.
 */
export function isUnsafeStyle(value: string): boolean {
  const css = compact(
    decodeEntities(value).replace(CSS_COMMENT_OR_ESCAPE, (_, hex?: string, ch?: string) => {
      if (hex === undefined) return ch ?? '';
      const code = Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }),
  );
  if (SCRIPT_CSS.test(css)) return true;
  for (const [, target = ''] of css.matchAll(CSS_URL)) {
    if (SCHEME.test(target) && !SAFE_CSS_URL.test(target)) return true;
  }
  return false;
}

/** How a dynamic attribute value is checked: as a URL, a `;`-list of URLs, or inline CSS. */
export type ValueCheck = 'url' | 'urlList' | 'style';

/** SVG animation elements: their from/to/by/values write the attribute named by attributeName. */
export const ANIMATION_ELEMENTS = new Set(['animate', 'set', 'animatemotion', 'animatetransform']);
const ANIMATION_VALUES = new Set(['from', 'to', 'by']);

/**
 * The check a value of attribute `name` (lower case) on element `tagName` (lower case) needs.
 * Animation values may set an href (`<set attributeName="href" to="...">`), so they are URLs
 * whatever attributeName says.
 */
export function valueCheckOf(tagName: string, name: string): ValueCheck | undefined {
  if (URL_ATTRIBUTES.has(name)) return 'url';
  if (name === 'style') return 'style';
  if (ANIMATION_ELEMENTS.has(tagName)) {
    if (name === 'values') return 'urlList';
    if (ANIMATION_VALUES.has(name)) return 'url';
  }
  return undefined;
}

/** True when `value` must not reach an attribute that needs `check`. */
export function isUnsafeValue(check: ValueCheck, value: string): boolean {
  switch (check) {
    case 'url':
      return isScriptUrl(value);
    case 'urlList':
      return hasScriptUrlEntry(value);
    case 'style':
      return isUnsafeStyle(value);
  }
}
