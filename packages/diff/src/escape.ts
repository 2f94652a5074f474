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
 * True for URLs that run script when followed. Entities are decoded first (static parts and
 * raw() reach the page unescaped, and the browser decodes them), then the ASCII whitespace and
 * control characters browsers ignore inside a scheme are stripped before the check.
 */
export function isScriptUrl(value: string): boolean {
  const decoded = value.replace(ENTITY, (entity) => {
    const name = entity.toLowerCase();
    if (name.startsWith('&colon')) return ':';
    if (name.startsWith('&tab')) return '\t';
    if (name.startsWith('&newline')) return '\n';
    const hex = name[2] === 'x';
    const code = Number.parseInt(name.slice(hex ? 3 : 2), hex ? 16 : 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these in schemes
  const compact = decoded.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  return (
    compact.startsWith('javascript:') ||
    compact.startsWith('vbscript:') ||
    compact.startsWith('data:text/html') ||
    compact.startsWith('data:image/svg')
  );
}
