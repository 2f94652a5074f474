import {
  applyPatch,
  type Dyn,
  decodePatch,
  decodeTree,
  renderToString,
  type StaticsCache,
  type StaticsTable,
  type WirePatch,
} from '@kinetic/diff';
import type { JoinReply } from '@kinetic/protocol';
import { type Hook, ViewHooks } from './hooks.js';
import { reapplyLoading } from './loading.js';
import { morphChildren } from './morph.js';

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
 * hooks inside it. The tree is the source of truth; the DOM is re-derived from it.
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
    if (reply.title !== undefined && !this.nested) document.title = reply.title;
    this.joined = true;
    this.render();
    this.setStatus('lv-connected');
    if (this.mounted) this.hooks.each('reconnected');
    this.mounted = true;
  }

  /** Applies a patch (from a reply or a `d` frame) and re-renders. */
  patch(patch: WirePatch, statics: StaticsTable | undefined): void {
    if (this.tree === undefined) return;
    const decoded = decodePatch(statics ? { s: statics, p: patch } : { p: patch }, this.statics);
    this.tree = applyPatch(this.tree, decoded);
    this.render();
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

  private render(): void {
    morphChildren(this.el, renderToString(this.tree as Dyn), {
      beforeUpdate: (el) => this.hooks.beforeUpdate(el),
      afterUpdate: (el) => {
        reapplyLoading(el);
        this.hooks.afterUpdate(el);
      },
    });
    this.hooks.sync();
  }
}
