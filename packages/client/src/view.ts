import {
  applyPatch,
  type Dyn,
  type DynPatch,
  decodePatch,
  decodeTree,
  renderToString,
  type StaticsCache,
  type StaticsTable,
  type WirePatch,
} from '@kinetic/diff';
import type { JoinReply } from '@kinetic/protocol';
import { DomPatcher } from './dom-patch.js';
import { type Hook, ViewHooks } from './hooks.js';
import { type Journal, reconciling, undo } from './js.js';
import { reapplyLoading } from './loading.js';
import { type MorphObserver, morphChildren } from './morph.js';

declare global {
  interface Window {
    /**
     * 'morph' makes every patch re-render the whole view and morph it, as before the
     * client patched the DOM in place: the benchmark measures both paths with it.
     */
    KineticPatching?: 'morph';
  }
}

/** The classes the client puts on a view root to show the connection's state. */
export type ViewStatus = 'lv-connected' | 'lv-disconnected' | 'lv-error';

type Push = (
  view: View,
  event: string,
  payload: Record<string, unknown>,
  target?: string,
) => Promise<unknown>;

/**
 * One live view on the page: its root element, the Rendered tree the server sent, and the
 * hooks inside it. The tree is the source of truth; a patch changes the DOM where the tree
 * changed, and a join (or what cannot be placed) morphs the whole view to the tree.
 */
export class View {
  joined = false;
  /**
   * Set once a join was answered: a later join is a rejoin (hooks get `reconnected`, forms
   * are recovered) rather than the first after the page load (the initial sync).
   */
  mounted = false;
  private tree: Dyn | undefined;
  readonly hooks: ViewHooks;
  private readonly observer: MorphObserver;
  private readonly dom: DomPatcher;
  /** Server patches held while optimistic events are in flight (see `hold`). */
  private held: DynPatch[] = [];
  private holds = 0;
  /** Tells history entries of this view instance from others (see navigation). */
  readonly key = Math.random().toString(36).slice(2);

  constructor(
    readonly id: number,
    readonly el: HTMLElement,
    private readonly statics: StaticsCache,
    hooks: Record<string, Hook> | undefined,
    push: Push,
  ) {
    this.hooks = new ViewHooks(el, hooks, (event, payload, target) =>
      push(this, event, payload, target),
    );
    this.observer = {
      beforeUpdate: (node) => this.hooks.beforeUpdate(node),
      afterUpdate: (node) => {
        reapplyLoading(node);
        this.hooks.afterUpdate(node);
      },
    };
    this.dom = new DomPatcher(el, this.observer);
  }

  /** True for a view inside another: the page's title is the outer view's. */
  get nested(): boolean {
    return (this.el.parentElement?.closest('[data-live-view]') ?? null) !== null;
  }

  get token(): string {
    return this.el.getAttribute('data-lv-token') ?? '';
  }

  /** The join reply holds the whole tree: the DOM is brought to it, hooks mount. */
  joinedWith(reply: JoinReply): void {
    this.tree = decodeTree(reply, this.statics);
    this.held = [];
    this.holds = 0;
    if (reply.title !== undefined && !this.nested) document.title = reply.title;
    this.joined = true;
    this.render();
    this.setStatus('lv-connected');
    if (this.mounted) this.hooks.each('reconnected');
    this.mounted = true;
  }

  /**
   * Applies a patch (from a reply or a `d` frame) to the tree, then to the DOM. While an
   * optimistic event is in flight, `d` frames wait (decoded now: their statics are the
   * session's) and go on the page, in order, just before the next reply's patch.
   */
  patch(patch: WirePatch, statics: StaticsTable | undefined, reply = false): void {
    if (this.tree === undefined) return;
    const decoded = decodePatch(statics ? { s: statics, p: patch } : { p: patch }, this.statics);
    if (!reply && this.holds > 0 && this.held.length < 256) {
      this.held.push(decoded);
      return;
    }
    for (const held of this.held.splice(0)) this.apply(held);
    this.apply(decoded);
  }

  /** An optimistic event is in flight: server patches are held until its reply. */
  hold(): void {
    this.holds++;
  }

  /**
   * The reply to an optimistic event arrived (with `patch`) or it failed (none): the held
   * patches and the reply's go on the page, then what the optimistic commands changed is
   * undone wherever the server did not write, all before the browser paints again.
   */
  settle(journal: Journal, patch?: WirePatch | 0, statics?: StaticsTable): void {
    this.holds = Math.max(0, this.holds - 1);
    const seen = new MutationObserver(() => {});
    seen.observe(this.el, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    reconciling.on = true;
    try {
      for (const held of this.held.splice(0)) this.apply(held);
      if (patch) this.patch(patch, statics, true);
    } finally {
      reconciling.on = false;
    }
    const written = seen.takeRecords();
    seen.disconnect();
    undo(journal, written);
  }

  private apply(decoded: DynPatch): void {
    if (this.tree === undefined) return;
    const old = this.tree;
    this.tree = applyPatch(old, decoded);
    if (window.KineticPatching !== 'morph' && this.dom.patch(old, this.tree, decoded)) {
      this.hooks.sync();
    } else this.render();
  }

  /** The session resumed: the server still has this view and the tree the page shows. */
  resumed(): boolean {
    if (this.tree === undefined) return false;
    this.joined = true;
    this.setStatus('lv-connected');
    this.hooks.each('reconnected');
    return true;
  }

  disconnected(): void {
    if (this.joined) this.hooks.each('disconnected');
    this.joined = false;
    this.setStatus('lv-disconnected');
  }

  setStatus(status: ViewStatus): void {
    const list = this.el.classList;
    // An error sits on top of the connection state until the next good reply.
    if (status !== 'lv-error') list.remove('lv-connected', 'lv-disconnected', 'lv-error');
    list.add(status);
  }

  clearError(): void {
    this.el.classList.remove('lv-error');
  }

  /** Morphs the whole view to the tree, and maps the tree onto the DOM for later patches. */
  private render(): void {
    const tree = this.tree as Dyn;
    morphChildren(this.el, renderToString(tree), this.observer);
    if (window.KineticPatching === 'morph') this.dom.unmap();
    else this.dom.hydrate(tree);
    this.hooks.sync();
  }
}
