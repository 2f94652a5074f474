import type { PageSocket } from './connection.js';
import { loadPage, safeUrl } from './location.js';
import type { View } from './view.js';

type How = 'push' | 'replace' | 'pop';

/** history.state key: which view instance made the entry, so back/forward can patch it. */
const STATE_KEY = 'kn';
/** history.state key of an entry this page pushed: the URL of the entry before it. */
const FROM_KEY = 'knFrom';

const withoutHash = (url: string) => url.replace(/#.*$/, '');

/**
 * lv-patch and lv-navigate links, back/forward, and the server's `g` frames.
 * A patch stays in the current view (the server runs handleParams); a navigate swaps the
 * page's top-level view root for the one another URL renders, without a page load.
 */
export function installNavigation(socket: PageSocket, signal: AbortSignal): void {
  let lastUrl = location.href;
  let navigation = 0;

  const record = (view: View | undefined, url: string, replace: boolean): void => {
    const previous = history.state as Record<string, unknown> | null;
    if (replace) history.replaceState({ ...previous, [STATE_KEY]: view?.key }, '', url);
    else history.pushState({ [STATE_KEY]: view?.key, [FROM_KEY]: location.href }, '', url);
    lastUrl = location.href;
  };

  /**
   * The server answered a URL this page pushed with a page load of that same URL (a patch
   * to a missing record, a refused one). Loading a document in place of an entry pushed
   * from another makes Chromium bring the old entry back inside the new document, so Back
   * would show the URL before it over the page loaded now. The entry goes back to the URL
   * it came from and the load is a new entry: Back loads the page that was there.
   */
  const reload = (url: string, replace: boolean): void => {
    const from = (history.state as Record<string, unknown> | null)?.[FROM_KEY];
    const target = safeUrl(url);
    if (target === undefined) return;
    if (replace && typeof from === 'string' && target.href === location.href) {
      history.replaceState(null, '', from);
      location.assign(target.href);
    } else if (replace) {
      location.replace(target.href);
    } else {
      location.assign(target.href);
    }
  };

  const navigate = async (url: string, how: How): Promise<void> => {
    const seq = ++navigation;
    const current = socket.mainView();
    const target = safeUrl(url);
    if (target === undefined) return;
    if (!current || target.origin !== location.origin) return loadPage(target.href);
    try {
      const response = await fetch(target, { headers: { 'x-kinetic-navigate': '1' } });
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      // A newer click won while this one was loading.
      if (seq !== navigation) return;
      const next = doc.querySelector<HTMLElement>('[data-live-view]');
      if (!response.ok || !next) return loadPage(target.href);
      const csrf = doc.querySelector('meta[name="kinetic-csrf"]')?.getAttribute('content');
      if (csrf) socket.options.csrf = csrf;
      if (doc.title) document.title = doc.title;
      // The URL changes first: the new view's join sends location.href to handleParams.
      if (how !== 'pop') {
        record(undefined, response.redirected ? response.url : target.href, how === 'replace');
        scrollTo(0, 0);
      }
      socket.replaceRoot(current, document.adoptNode(next));
      record(socket.mainView(), location.href, true);
    } catch {
      loadPage(target.href);
    }
  };

  const patch = (view: View, url: string): void => {
    record(view, url, false);
    socket.pushUrl(view, location.href).catch(() => {});
  };

  // The entry the page loaded with belongs to the first view: back to it is a patch.
  record(socket.mainView(), location.href, true);

  document.addEventListener(
    'click',
    (e) => {
      if (
        e.defaultPrevented ||
        e.button !== 0 ||
        e.metaKey ||
        e.ctrlKey ||
        e.shiftKey ||
        e.altKey
      ) {
        return;
      }
      const link = (e.target as Element).closest?.<HTMLAnchorElement>('a[lv-patch],a[lv-navigate]');
      if (!link || (link.target && link.target !== '_self')) return;
      e.preventDefault();
      const isPatch = link.hasAttribute('lv-patch');
      const href = link.getAttribute(isPatch ? 'lv-patch' : 'lv-navigate') || link.href;
      const target = safeUrl(href);
      if (target === undefined) return;
      const url = target.href;
      const view = socket.mainView(link);
      if (!isPatch) void navigate(url, 'push');
      else if (view?.joined && target.origin === location.origin) patch(view, url);
      else loadPage(url);
    },
    { signal },
  );

  window.addEventListener(
    'popstate',
    (e) => {
      const previous = lastUrl;
      lastUrl = location.href;
      const key = (e.state as Record<string, unknown> | null)?.[STATE_KEY];
      // A #fragment jump inside the page is not a navigation.
      if (key === undefined && withoutHash(previous) === withoutHash(location.href)) return;
      const main = socket.mainView();
      // While disconnected the rejoin sends the URL anyway.
      if (main && key === main.key) {
        if (main.joined) socket.pushUrl(main, location.href).catch(() => {});
      } else {
        void navigate(location.href, 'pop');
      }
    },
    { signal },
  );

  // A navigate / patch JS command, followed as its link would be.
  socket.go = (el, isPatch, url, replace) => {
    const target = safeUrl(url);
    if (target === undefined) return;
    const view = socket.mainView(el);
    if (!isPatch) void navigate(target.href, replace ? 'replace' : 'push');
    else if (view?.joined && target.origin === location.origin) {
      record(view, target.href, replace);
      socket.pushUrl(view, location.href).catch(() => {});
    } else loadPage(target.href);
  };

  socket.onGoto = (view, kind, url, replace) => {
    if (kind === 'r') return reload(url, replace);
    const target = safeUrl(url);
    if (target === undefined) return;
    // pushState refuses other origins by itself; a patch is only ever within the page's.
    if (kind === 'p' && target.origin === location.origin)
      return record(socket.mainView(view?.el), target.href, replace);
    void navigate(url, replace ? 'replace' : 'push');
  };
}
