// biome-ignore-all assist/source/organizeImports: the public API is grouped by topic, not sorted
// Templates: the tag, and the values that steer escaping.
/** The template tag; returns a Rendered node. */
export { attrs, each, html, raw } from './html.js';
export type { Attributes, RawHTML } from './html.js';

// The Rendered tree and its patches.
/** Types of the tree a render produces. */
export type { Dyn, Rendered, RenderedKeyed, RenderedList, RenderedNode } from './rendered.js';
export { isNode } from './rendered.js';
/** Types of a patch between two trees. */
export type { DynPatch, KeyedPatch, Patch, SlotsPatch } from './patch.js';

// Operations on trees.
/** What changed between two trees. */
export { diff } from './diff.js';
/** Applies a patch to a tree. */
export { applyPatch } from './apply.js';
/** The HTML of a tree. */
export { renderToString } from './render-to-string.js';
/** lv-update (replace, ignore, append, prepend) decided on the tree: the browser and harnesses share it. */
export { incomingRows, mergeChildren, planStream, rowId, updateModeOf } from './update-mode.js';
export type { StreamPlan, UpdateMode } from './update-mode.js';

// The wire form.
/** JSON wire form of trees and patches, with a statics table. */
export { decodePatch, decodeTree, encodePatch, encodeTree } from './wire.js';
export type {
  StaticsCache,
  StaticsTable,
  WireDyn,
  WirePatch,
  WirePatchMessage,
  WireTreeMessage,
} from './wire.js';

// Lower-level pieces, for the runtime packages.
/** Template statics and slots. */
export type { CheckedValue, Slot, Statics, Template } from './template.js';
export { parseTemplate } from './template.js';
/** Escaping used by templates. */
export { escapeHtml, isScriptUrl } from './escape.js';
/** The error catalog. */
export { KineticDiffError } from './errors.js';
export type { DiffErrorCode } from './errors.js';
