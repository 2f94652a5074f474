/**
 * `lv-update` decided on the tree, with no DOM: which rows a container keeps, updates and
 * adds. The browser runtime applies the plan to elements; a harness can apply it to parsed
 * HTML and show what the browser would.
 */
import type { KeyedPatch } from './patch.js';
import { renderToString } from './render-to-string.js';
import type { RenderedNode } from './rendered.js';

/** How a container's children follow the server's render. */
export type UpdateMode = 'replace' | 'ignore' | 'append' | 'prepend';

/** The mode an `lv-update` attribute value asks for; anything else replaces. */
export const updateModeOf = (value: string | null | undefined): UpdateMode =>
  value === 'ignore' || value === 'append' || value === 'prepend' ? value : 'replace';

/**
 * What a stream container (append or prepend) does with rows the server rendered: rows
 * whose id it already shows are updated where they stand, the others are added, in their
 * order, at the end (append) or the start (prepend). Rows the render left out stay.
 */
export interface StreamPlan<R> {
  readonly update: ReadonlyArray<readonly [id: string, row: R]>;
  readonly insert: readonly R[];
  readonly at: 'start' | 'end';
}

/**
 * Plans a stream update. `shows(id)` tells whether the container shows a row with that id.
 * @example planStream('append', (id) => ids.has(id), rows, rowId)
 */
export function planStream<R>(
  mode: 'append' | 'prepend',
  shows: (id: string) => boolean,
  rendered: readonly R[],
  idOf: (row: R) => string | undefined,
): StreamPlan<R> {
  const update: Array<readonly [string, R]> = [];
  const insert: R[] = [];
  for (const row of rendered) {
    const id = idOf(row);
    if (id !== undefined && shows(id)) update.push([id, row]);
    else insert.push(row);
  }
  return { update, insert, at: mode === 'prepend' ? 'start' : 'end' };
}

/**
 * The children a container shows after an update under `mode`: the ones it showed
 * (`shown`, with their ids) merged with the rows of the new render. Each entry is a row the
 * render produced, or a shown child it leaves as it is.
 * @example mergeChildren('prepend', shownChildren, (c) => c.attribs.id, keyed.rows, rowId)
 */
export function mergeChildren<S, R>(
  mode: UpdateMode,
  shown: readonly S[],
  idOfShown: (child: S) => string | undefined,
  rendered: readonly R[],
  idOf: (row: R) => string | undefined,
): Array<{ shown: S } | { row: R }> {
  if (mode === 'ignore') return shown.map((child) => ({ shown: child }));
  if (mode === 'replace') return rendered.map((row) => ({ row }));
  const ids = new Map<string, number>();
  const out: Array<{ shown: S } | { row: R }> = shown.map((child, i) => {
    const id = idOfShown(child);
    if (id) ids.set(id, i);
    return { shown: child };
  });
  const plan = planStream(mode, (id) => ids.has(id), rendered, idOf);
  for (const [id, row] of plan.update) out[ids.get(id) as number] = { row };
  const added = plan.insert.map((row) => ({ row }));
  return plan.at === 'start' ? [...added, ...out] : [...out, ...added];
}

/**
 * The rows a keyed patch brings to a stream container: the new ones. A removal or a move
 * changes nothing there: the container keeps what it shows, in the order it came.
 */
export const incomingRows = (patch: KeyedPatch): RenderedNode[] =>
  patch.placed.flatMap(([, , row]) => (row === undefined ? [] : [row]));

const ATTRIBUTE = /\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The id of a row: the `id` attribute of the element its HTML starts with. Stream rows are
 * matched by it, as in the browser.
 */
export function rowId(row: RenderedNode): string | undefined {
  const html = renderToString(row);
  const tag = /^\s*<[a-zA-Z][^\s/>]*/.exec(html);
  if (tag === null) return undefined;
  ATTRIBUTE.lastIndex = tag[0].length;
  for (let match = ATTRIBUTE.exec(html); match !== null; match = ATTRIBUTE.exec(html)) {
    if (match[1]?.toLowerCase() !== 'id') continue;
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    return value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] as string);
  }
  return undefined;
}
