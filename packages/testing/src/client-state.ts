import {
  applyPatch,
  type Dyn,
  decodePatch,
  decodeTree,
  escapeHtml,
  mergeChildren,
  renderToString,
  type StaticsCache,
  type StaticsTable,
  updateModeOf,
  type WirePatch,
} from '@kinetic/diff';
import type { JoinReply } from '@kinetic/protocol';
import { type Element, isTag } from 'domhandler';
import { appendChild, removeElement, replaceElement } from 'domutils';
import { allElements, Dom } from './dom.js';

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
    const next = new Dom(html, '[data-live-view]');
    keepUpdateModes(this.current, next);
    this.current = next;
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/**
 * What the browser keeps across a render, by `lv-update`: an `ignore` container stays as it
 * was; an `append`/`prepend` one keeps the rows it showed and takes the render's rows as the
 * shared plan says (new ids added at its end or start, known ids updated in place). The
 * containers are matched as the browser's morph matches them, by id, else by position.
 */
function keepUpdateModes(shown: Dom, next: Dom): void {
  if (isTag(shown.root) && isTag(next.root)) keepWithin(shown.root, next.root);
}

/** keepUpdateModes for the containers inside `next`, against what `shown` held there. */
function keepWithin(shown: Element, next: Element): void {
  const before = new Map<string, Element>();
  for (const el of allElements(shown)) before.set(placeOf(el, shown), el);
  const done = new Set<Element>();
  for (const el of allElements(next)) {
    if (insideAny(el, done)) continue;
    const mode = updateModeOf(el.attribs['lv-update']);
    if (mode === 'replace') continue;
    const old = before.get(placeOf(el, next));
    if (old === undefined || old.name !== el.name) continue;
    done.add(el);
    if (mode === 'ignore') {
      replaceElement(el, old);
      continue;
    }
    const idOf = (child: Element) => child.attribs.id || undefined;
    const shownRows = new Map(elementChildren(old).map((child) => [idOf(child), child]));
    const merged = mergeChildren(mode, elementChildren(old), idOf, elementChildren(el), idOf);
    for (const child of [...el.children]) removeElement(child);
    for (const entry of merged) {
      if ('shown' in entry) {
        appendChild(el, entry.shown);
        continue;
      }
      // A row updated where it stands is patched as the browser patches it: containers
      // inside it keep what they showed too.
      const id = idOf(entry.row);
      const was = id === undefined ? undefined : shownRows.get(id);
      if (was !== undefined) keepWithin(was, entry.row);
      appendChild(el, entry.row);
    }
  }
}

const elementChildren = (el: Element): Element[] => el.children.filter(isTag);

/** `#id`, or the path of element indices from the root (`0/3/1`) where no id is given. */
function placeOf(el: Element, root: Element): string {
  if (el.attribs.id) return `#${el.attribs.id}`;
  const path: number[] = [];
  for (let node: Element = el; node !== root && node.parent && isTag(node.parent); ) {
    const parent: Element = node.parent;
    path.unshift(elementChildren(parent).indexOf(node));
    node = parent;
  }
  return path.join('/');
}

function insideAny(el: Element, containers: ReadonlySet<Element>): boolean {
  for (let node = el.parent; node !== null; node = node.parent) {
    if (isTag(node) && containers.has(node)) return true;
  }
  return false;
}
