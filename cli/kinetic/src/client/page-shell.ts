/**
 * The page around the live views (the app's layout, or a plain page) changes only with a
 * new HTTP response: a restart re-renders the live views in place, never their layout. So
 * after a restart the dev client compares the page as the app now serves it with the one
 * it loaded, and reloads when they differ, handing its views' tokens to the reloaded page
 * so the views re-join with their state.
 */

/** Where the tokens wait across the reload: this tab only, for one load of the same URL. */
const RESTORE_KEY = 'kinetic-dev:restore';

interface Restore {
  readonly url: string;
  /** [view name, token] of each live view root, in document order. */
  readonly views: ReadonlyArray<readonly [string, string]>;
}

/**
 * The page without what varies between two responses of the same code: the live views'
 * roots (their content, id and token), nonces, the title (a view sets it), the overlay.
 */
export function shellOf(doc: Document): string {
  const html = doc.documentElement.cloneNode(true) as HTMLElement;
  for (const root of html.querySelectorAll('[data-live-view]')) {
    root.replaceWith(doc.createElement(root.tagName));
  }
  for (const element of html.querySelectorAll('[nonce]')) element.removeAttribute('nonce');
  for (const overlay of html.querySelectorAll('kinetic-dev-overlay')) overlay.remove();
  html.querySelector('title')?.replaceChildren();
  return html.outerHTML;
}

/**
 * Reloads the page if the app now serves another page around the views than `loaded` (the
 * shellOf the document before any script changed it); true if so.
 */
export async function reloadIfShellChanged(loaded: string): Promise<boolean> {
  let response: Response;
  try {
    response = await fetch(location.href, { headers: { accept: 'text/html' } });
  } catch {
    return false;
  }
  // A failing page shows its error in the overlay; a redirect or a non-page is left alone.
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || response.redirected || !type.includes('text/html')) return false;
  const next = new DOMParser().parseFromString(await response.text(), 'text/html');
  if (shellOf(next) === loaded) return false;
  const views = [...document.querySelectorAll<HTMLElement>('[data-live-view][data-lv-token]')].map(
    (el) => [el.dataset.liveView ?? '', el.dataset.lvToken ?? ''] as const,
  );
  sessionStorage.setItem(
    RESTORE_KEY,
    JSON.stringify({ url: location.href, views } satisfies Restore),
  );
  location.reload();
  return true;
}

/**
 * After a reload for a changed layout: gives each live view root the token its view had
 * before, so it re-joins with its state. Runs before the runtime joins (the dev client is
 * the first script of the page).
 */
export function restoreTokens(): void {
  const text = sessionStorage.getItem(RESTORE_KEY);
  if (text === null) return;
  sessionStorage.removeItem(RESTORE_KEY);
  let restore: Restore;
  try {
    restore = JSON.parse(text) as Restore;
  } catch {
    return;
  }
  if (restore.url !== location.href || !Array.isArray(restore.views)) return;
  const left = [...restore.views];
  for (const el of document.querySelectorAll<HTMLElement>('[data-live-view][data-lv-token]')) {
    const at = left.findIndex(([view]) => view === el.dataset.liveView);
    if (at === -1) continue;
    const [view] = left.splice(at, 1);
    if (view !== undefined) el.dataset.lvToken = view[1];
  }
}
