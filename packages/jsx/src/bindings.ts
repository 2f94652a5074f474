/**
 * The lv-* binding names a template may use (docs/views.md, the client's bindings). Kept
 * beside JSX.IntrinsicElements' LiveBindings in @kinetic/core/jsx-runtime; a test checks the
 * two agree. TypeScript does not check hyphenated attribute names, so the compiler does.
 */
export const LIVE_BINDINGS: ReadonlySet<string> = new Set([
  'lv-click',
  'lv-change',
  'lv-submit',
  'lv-input',
  'lv-focus',
  'lv-blur',
  'lv-keydown',
  'lv-keyup',
  'lv-key',
  'lv-window-keydown',
  'lv-window-keyup',
  'lv-window-focus',
  'lv-window-blur',
  'lv-debounce',
  'lv-throttle',
  'lv-disable-with',
  'lv-update',
  'lv-hook',
  'lv-patch',
  'lv-navigate',
  'lv-target',
  'lv-auto-recover',
  'lv-optimistic',
  'lv-form',
]);

/** True for a known binding or an `lv-value-*` payload attribute. */
export const isLiveBinding = (name: string): boolean =>
  LIVE_BINDINGS.has(name) || /^lv-value-[a-z0-9_-]+$/i.test(name);
