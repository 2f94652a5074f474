/**
 * The browser side of `kinetic dev`, added to every page by the dev server: swaps
 * stylesheets, shows the error overlay, and hides it (or reloads an error page) once the
 * app is fixed. Live views reconnect by themselves after a restart; the page around them
 * is reloaded when the restart changed it (the layout), its views keeping their state.
 */
import type { DevError, DevMessage } from '../shared/dev-protocol.js';
import { hideOverlay, showOverlay } from './overlay.js';
import { reloadIfShellChanged, restoreTokens, shellOf } from './page-shell.js';

const errorPage = document.documentElement.hasAttribute('data-kinetic-dev-error-page');
// The dev server puts this script first in <head>, so it runs before the runtime joins the
// views and changes the page.
restoreTokens();
const loadedShell = shellOf(document);

/** Re-fetches the stylesheet `href` names; the old one goes once the new one has loaded, so nothing flashes. */
function swapStylesheet(href: string): void {
  const name = href.split('/').pop() ?? href;
  for (const link of document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) {
    const url = new URL(link.href);
    if (url.pathname.split('/').pop() !== name) continue;
    const next = link.cloneNode() as HTMLLinkElement;
    url.searchParams.set('t', String(Date.now()));
    next.href = url.href;
    next.addEventListener('load', () => link.remove(), { once: true });
    next.addEventListener('error', () => next.remove(), { once: true });
    link.after(next);
  }
}

function handle(message: DevMessage): void {
  switch (message.type) {
    case 'css':
      swapStylesheet(message.href);
      return;
    case 'error':
      showOverlay(message.error);
      return;
    case 'clear':
      // An error page has no live view to reconnect: it must load the real page.
      if (errorPage) location.reload();
      else hideOverlay();
      return;
    case 'restarted':
      if (errorPage) {
        location.reload();
        return;
      }
      hideOverlay();
      void reloadIfShellChanged(loadedShell);
      return;
    case 'reload':
      location.reload();
      return;
    default:
      message satisfies never;
  }
}

const embedded = document.getElementById('kinetic-dev-error')?.textContent;
if (embedded) showOverlay(JSON.parse(embedded) as DevError);

// The script's own URL tells where the dev server's endpoints are.
const events = new EventSource(new URL('./events', import.meta.url));
events.addEventListener('message', (event) => handle(JSON.parse(event.data) as DevMessage));
