import { diff } from '@kinetic/diff';
import { expect, it } from 'vitest';
import { ClientMirror } from './client-mirror.js';
import { html } from './index.js';
import type { Update } from './instance.js';

const row = (n: number) => html`<li>${n}</li>`;
const list = (n: number) => html`<ul>${row(n)}</ul>`;
const update = (from: ReturnType<typeof list>, to: ReturnType<typeof list>): Update => ({
  patch: diff(from, to),
  pushes: [],
  gotos: [],
  from,
  to,
});

it('sends a template’s statics once per client, whichever view renders it', () => {
  const mirror = new ClientMirror();
  expect(mirror.encodeTree(list(1)).s).toBeTruthy();
  expect(mirror.encodeTree(list(2)).s).toBeFalsy();
});

it('an update of the tree the client holds is sent as it is', () => {
  const mirror = new ClientMirror();
  const held = mirror.view();
  const [one, two] = [list(1), list(2)];
  held.tree = one;
  const step = update(one, two);
  expect(mirror.patchFor(held, step, two)).toBe(step.patch);
  expect(held.tree).toBe(two);
});

it('a client that fell behind gets one diff from what it holds to the latest tree', () => {
  const mirror = new ClientMirror();
  const held = mirror.view();
  const [one, two, three] = [list(1), list(2), list(3)];
  held.tree = one;
  // Updates 1 -> 2 and 2 -> 3 were held back while the client was behind.
  held.stale = true;
  expect(mirror.catchUp(held, three)).toEqual(diff(one, three));
  expect(held.tree).toBe(three);
  expect(mirror.catchUp(held, three)).toBe(null);
  // An update made against a tree the client never got is replaced by a diff from its own.
  expect(mirror.patchFor(held, update(two, three), three)).toBe(null);
});
