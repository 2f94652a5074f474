import {
  applyPatch,
  type Dyn,
  decodePatch,
  decodeTree,
  escapeHtml,
  renderToString,
  type StaticsCache,
  type StaticsTable,
  type WirePatch,
} from '@kinetic/diff';
import type { JoinReply } from '@kinetic/protocol';
import { Dom } from './dom.js';

/** An event the view pushed to the client's hooks (socket.pushEvent). */
export interface PushedEvent {
  readonly event: string;
  readonly payload: unknown;
}

/** A change of location the view asked for: redirect, patch or navigate. */
export interface Goto {
  readonly kind: 'r' | 'p' | 'n';
  readonly url: string;
  readonly replace: boolean;
}

/**
 * What the browser holds for one tab, fed only with wire-form data (join replies,
 * patches, pushes, gotos, titles), exactly as @kinetic/client's View receives them:
 * decode, applyPatch, renderToString, then a DOM (here parsed by htmlparser2).
 */
export class ClientState {
  /** Statics received on this connection, shared by every view of the tab. */
  readonly statics: StaticsCache = new Map();
  private tree: Dyn | undefined;
  private root = { id: 'lv-0', view: '' };
  private current: Dom = new Dom('');
  title: string | undefined;
  url: URL;
  readonly pushedEvents: PushedEvent[] = [];
  readonly gotos: Goto[] = [];
  /** Failures the view reported outside any request (a timer's handleInfo threw, ...). */
  readonly errors: Error[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(url: URL) {
    this.url = url;
  }

  get dom(): Dom {
    return this.current;
  }

  /** A join reply: the whole tree replaces whatever the tab showed. */
  joined(rootId: string, view: string, reply: JoinReply): void {
    this.root = { id: rootId, view };
    this.tree = decodeTree(reply, this.statics);
    if (reply.title !== undefined) this.title = reply.title;
    this.render();
  }

  /** A patch from a reply or a `d` frame. */
  patched(patch: WirePatch, statics: StaticsTable | undefined): void {
    if (this.tree === undefined) return;
    const decoded = decodePatch(statics ? { s: statics, p: patch } : { p: patch }, this.statics);
    this.tree = applyPatch(this.tree, decoded);
    this.render();
  }

  pushed(event: string, payload: unknown): void {
    this.pushedEvents.push({ event, payload });
    this.changed();
  }

  /** A `g` frame. A patch moves the address bar, as the client's history.pushState does. */
  goto(kind: Goto['kind'], url: string, replace: boolean): void {
    this.gotos.push({ kind, url, replace });
    if (kind === 'p') this.url = new URL(url, this.url);
    this.changed();
  }

  titled(title: string): void {
    this.title = title;
    this.changed();
  }

  failed(error: Error): void {
    this.errors.push(error);
    this.changed();
  }

  /** The latest goto of a kind. */
  lastGoto(kind: Goto['kind']): string | undefined {
    for (let i = this.gotos.length - 1; i >= 0; i--) {
      const goto = this.gotos[i] as Goto;
      if (goto.kind === kind) return goto.url;
    }
    return undefined;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private render(): void {
    // The view root as the page has it; the client morphs its children to the tree's HTML.
    const html =
      `<div id="${escapeHtml(this.root.id)}" data-live-view="${escapeHtml(this.root.view)}">` +
      `${renderToString(this.tree as Dyn)}</div>`;
    this.current = new Dom(html, '[data-live-view]');
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
