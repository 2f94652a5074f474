import {
  diff,
  encodePatch,
  encodeTree,
  type Patch,
  type Rendered,
  type StaticsTable,
  type WirePatch,
} from '@kinetic/diff';
import type { Update } from './instance.js';

/** What the client holds of one joined view. */
export interface HeldView {
  /** The tree the client has (after the last patch sent to it); undefined until the join reply. */
  tree: Rendered | undefined;
  /** Updates were held back while the outbox was full; a catch-up diff is owed. */
  stale: boolean;
}

/**
 * The server's record of what one client holds: the statics it has (each sent once per
 * session), and for every joined view the tree its last patch produced. Patches are made
 * against that tree, so a client that missed updates (held back while it was behind) gets
 * one diff to the latest state.
 */
export class ClientMirror {
  /** Fingerprints whose statics the client holds. */
  private readonly statics = new Set<string>();

  /** A view joins: it holds nothing until its join reply. */
  view(): HeldView {
    return { tree: undefined, stale: false };
  }

  /** The wire form of a whole tree, with the statics the client lacks. Throws when unencodable. */
  encodeTree(tree: Rendered): ReturnType<typeof encodeTree> {
    return encodeTree(tree, this.statics);
  }

  /** The wire form of a patch, with the statics the client lacks; zeros for nothing. */
  encode(patch: Patch): [WirePatch | 0, StaticsTable | 0] {
    if (patch === null) return [0, 0];
    const { s, p } = encodePatch(patch, this.statics);
    return [p, s ?? 0];
  }

  /**
   * The patch that takes the client's tree of a view to `current`, the view's tree after
   * `update`: the update's own patch when the client holds the tree it applies to.
   */
  patchFor(held: HeldView, update: Update, current: Rendered | undefined): Patch {
    if (held.tree === update.from) {
      if (update.patch !== null) held.tree = update.to;
      return update.patch;
    }
    if (current === undefined || held.tree === undefined || current === held.tree) return null;
    const patch = diff(held.tree, current);
    held.tree = current;
    held.stale = false;
    return patch;
  }

  /** The owed catch-up diff of a view to `current`, or null when none is owed. */
  catchUp(held: HeldView, current: Rendered | undefined): Patch {
    if (!held.stale) return null;
    held.stale = false;
    if (current === undefined || held.tree === undefined || current === held.tree) return null;
    const patch = diff(held.tree, current);
    held.tree = current;
    return patch;
  }
}
