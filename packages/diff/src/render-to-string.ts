import type { Dyn, RenderedNode } from './rendered.js';

/**
 * The HTML of a tree. The server uses it for the first HTTP render, the browser after
 * applying a patch: one code path on both sides.
 */
export function renderToString(tree: Dyn): string {
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
    out += renderToString(node.d[i] as Dyn) + (statics[i + 1] as string);
  }
  return out;
}
