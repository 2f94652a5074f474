import { type Dyn, keyIndex, type RenderedNode } from './rendered.js';
import { locationOf, type Statics } from './template.js';

/**
 * The HTML of a tree. The server uses it for the first HTTP render, the browser after
 * applying a patch: one code path on both sides.
 * @example reply.type('text/html').send(renderToString(view.render(assigns)));
 */
export function renderToString(tree: Dyn): string {
  return dynToString(tree, undefined);
}

/** `owner` is the template holding the value, named when a keyed list repeats a key. */
function dynToString(tree: Dyn, owner: Statics | undefined): string {
  if (typeof tree === 'string') return tree;
  switch (tree.kind) {
    case 'node':
      return nodeToString(tree);
    case 'list': {
      let out = '';
      for (const item of tree.items) out += nodeToString(item);
      return out;
    }
    case 'keyed': {
      // A repeated key fails the first render, not only the first diff. The index is kept,
      // so the check costs once per list, and diffing or patching the list reuses it.
      keyIndex(tree, locationOf(owner));
      let out = '';
      for (const row of tree.rows) out += nodeToString(row);
      return out;
    }
  }
}

function nodeToString(node: RenderedNode): string {
  const statics = node.t.statics;
  let out = statics[0] as string;
  for (let i = 0; i < node.d.length; i++) {
    out += dynToString(node.d[i] as Dyn, node.t) + (statics[i + 1] as string);
  }
  return out;
}
