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

/**
 * True for URLs that run script when followed. Browsers ignore ASCII whitespace and
 * control characters inside the scheme, so they are stripped before the check.
 */
export function isScriptUrl(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these in schemes
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const decoded = compact.replace(/&#x?[0-9a-f]+;?|&colon;|&tab;|&newline;/g, (entity) => {
    if (entity === '&colon;') return ':';
    if (entity === '&tab;' || entity === '&newline;') return '';
    const hex = entity[2] === 'x';
    const code = Number.parseInt(entity.slice(hex ? 3 : 2).replace(';', ''), hex ? 16 : 10);
    return Number.isFinite(code) ? String.fromCharCode(code) : entity;
  });
  return (
    decoded.startsWith('javascript:') ||
    decoded.startsWith('vbscript:') ||
    decoded.startsWith('data:text/html') ||
    decoded.startsWith('data:image/svg')
  );
}
