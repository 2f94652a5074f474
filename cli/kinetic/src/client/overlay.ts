import type { DevError } from '../shared/dev-protocol.js';

const TAG = 'kinetic-dev-overlay';

const PHASES: Record<DevError['phase'], string> = {
  build: 'Build failed',
  mount: 'A view failed to mount',
  render: 'A view failed to render',
  handler: 'An event handler failed',
  startup: 'The app failed to start',
};

const STYLE = `
:host { position: fixed; inset: 0; z-index: 2147483647; display: flex; align-items: flex-start;
  justify-content: center; background: rgba(10, 12, 16, .66); font: 14px/1.5 ui-sans-serif, system-ui, sans-serif; }
.panel { margin: 6vh 1rem; max-width: 60rem; width: 100%; max-height: 84vh; overflow: auto; background: #181a20;
  color: #e6e8ee; border-top: 4px solid #ff5c5c; border-radius: 6px; padding: 1.25rem 1.5rem;
  box-shadow: 0 12px 40px rgba(0, 0, 0, .5); }
.phase { color: #ff7b7b; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; font-size: 12px; }
.message { font: 600 16px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; white-space: pre-wrap; margin: .5rem 0 1rem; }
.file { color: #8fb4ff; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: none; border: 0; padding: 0; cursor: pointer; text-decoration: underline dotted; font-size: inherit; }
pre { background: #0f1116; padding: .75rem 1rem; border-radius: 4px; overflow: auto; font: 13px/1.5 ui-monospace, monospace; }
.hint { color: #9aa1b1; font-size: 13px; margin-top: 1rem; }
button { position: sticky; float: right; top: 0; background: none; border: 0; color: #9aa1b1; font-size: 20px; cursor: pointer; }
`;

/** The overlay element: its own shadow root, so the page's styles cannot reach it. */
class DevOverlay extends HTMLElement {
  show(error: DevError): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.replaceChildren();
    // A constructed sheet, not a <style> element: the page's Content-Security-Policy (a
    // nonce for style elements) does not apply to it.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    root.adoptedStyleSheets = [sheet];
    const panel = element('div', 'panel');
    const close = element('button', 'close', '×');
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', () => this.remove());
    panel.append(close, element('div', 'phase', PHASES[error.phase] ?? error.phase));
    panel.append(element('div', 'message', error.message));
    if (error.file !== undefined) {
      const where = `${error.file}${error.line === undefined ? '' : `:${error.line}`}${error.column === undefined ? '' : `:${error.column}`}`;
      const link = element('button', 'file', where);
      link.title = 'Open in your editor';
      const { file, line, column } = error;
      link.addEventListener('click', () => {
        // Beside this module (served under the dev prefix): the browser fetches only that folder.
        void fetch(new URL('./open', import.meta.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ file, line, column }),
        });
      });
      panel.append(link);
    }
    if (error.frame !== undefined) panel.append(element('pre', 'frame', error.frame));
    panel.append(
      element('div', 'hint', 'Fix the code and save: this goes away by itself. Esc closes it.'),
    );
    root.append(panel);
  }
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

if (customElements.get(TAG) === undefined) customElements.define(TAG, DevOverlay);

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') hideOverlay();
});

/** Shows `error` in the overlay, replacing any error shown. */
export function showOverlay(error: DevError): void {
  let overlay = document.querySelector<DevOverlay>(TAG);
  if (overlay === null) {
    overlay = document.createElement(TAG) as DevOverlay;
    document.body.append(overlay);
  }
  overlay.show(error);
}

export function hideOverlay(): void {
  document.querySelector(TAG)?.remove();
}
