import type { Statics } from '@kinetic/diff';

/**
 * Where each dynamic of a template lands in the DOM, worked out once per statics: the
 * statics are joined with a placeholder per slot and parsed by the browser itself, so the
 * shape is the one the page's parser builds, implied tags and all.
 */
export interface Shape {
  /** tagName of each static element, in document order. */
  readonly tags: string[];
  /** The static element each static element sits in; -1 for the template's top level. */
  readonly parents: number[];
  /** `content[0]` is the template's top level, `content[k + 1]` the children of element k. */
  readonly content: Item[][];
  readonly slots: SlotShape[];
  /** True when the template is exactly one element: a row the client can move by itself. */
  readonly single: boolean;
}

/**
 * One piece of an element's content: static text (decoded), a slot (its index, >= 0), a
 * static element (~index, < 0), or a static comment (null).
 */
export type Item = string | number | null;

export type SlotShape =
  /** Content of element `el` (-1: the top level). */
  | { readonly kind: 'child'; readonly el: number }
  /** Part of the quoted value of attribute `name`; `parts` spell the whole value. */
  | { readonly kind: 'attr'; readonly el: number; readonly name: string; readonly parts: Item[] }
  /** Whole attributes, or an attribute list, of element `el`. */
  | { readonly kind: 'tag'; readonly el: number }
  /** Somewhere the client does not patch by itself (a comment): the content of `el` is morphed. */
  | { readonly kind: 'other'; readonly el: number };

const shapes = new WeakMap<Statics, Shape | null>();
const MARK = /\uE000(\d+)\uE001/g;
const TEXT_MARK = /<!--\uE000(\d+)\uE001-->/g;

/** The shape of `t`, or null when a slot sits where the client cannot follow it. */
export function shapeOf(t: Statics): Shape | null {
  let shape = shapes.get(t);
  if (shape === undefined) {
    shape = buildShape(t.statics);
    shapes.set(t, shape);
  }
  return shape;
}

// The markup contexts a slot can be in.
const Ctx = { Text: 0, Tag: 1, Double: 2, Single: 3, Comment: 4, Raw: 5 } as const;
type Ctx = (typeof Ctx)[keyof typeof Ctx];

/** The markup context of each slot: a small tokenizer, enough to pick a placeholder. */
function contexts(statics: readonly string[]): Ctx[] {
  const out: Ctx[] = [];
  let state: Ctx = Ctx.Text;
  let tag = '';
  for (let s = 0; s < statics.length; s++) {
    const text = statics[s] as string;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (state === Ctx.Text) {
        if (ch !== '<') continue;
        if (text.startsWith('!--', i + 1)) {
          state = Ctx.Comment;
          i += 3;
        } else {
          const name = /^\/?[a-zA-Z][^\s/>]*/.exec(text.slice(i + 1));
          if (name) {
            state = Ctx.Tag;
            tag = name[0].toLowerCase();
            i += name[0].length;
          }
        }
      } else if (state === Ctx.Tag) {
        if (ch === '>') state = tag === 'script' || tag === 'style' ? Ctx.Raw : Ctx.Text;
        else if (ch === '"') state = Ctx.Double;
        else if (ch === "'") state = Ctx.Single;
      } else if (state === Ctx.Double || state === Ctx.Single) {
        if (ch === (state === Ctx.Double ? '"' : "'")) state = Ctx.Tag;
      } else if (state === Ctx.Comment) {
        if (text.startsWith('-->', i)) {
          state = Ctx.Text;
          i += 2;
        }
      } else if (text.slice(i, i + tag.length + 2).toLowerCase() === `</${tag}`) {
        state = Ctx.Tag;
        tag = `/${tag}`;
        i += tag.length;
      }
    }
    if (s < statics.length - 1) out.push(state);
  }
  return out;
}

function buildShape(statics: readonly string[]): Shape | null {
  const ctx = contexts(statics);
  let html = statics[0] as string;
  for (let i = 0; i < ctx.length; i++) {
    const c = ctx[i];
    const mark =
      c === Ctx.Text
        ? `<!--\uE000${i}\uE001-->`
        : c === Ctx.Tag
          ? ` data-kn-${i}`
          : `\uE000${i}\uE001`;
    html += mark + statics[i + 1];
  }
  const template = document.createElement('template');
  template.innerHTML = html;
  const shape: Shape = { tags: [], parents: [], content: [], slots: [], single: false };
  shape.content[0] = contentOf(template.content, -1, shape);
  for (let i = 0; i < ctx.length; i++) if (shape.slots[i] === undefined) return null;
  const top = shape.content[0];
  return { ...shape, single: top.length === 1 && top[0] === ~0 };
}

function contentOf(parent: Node, el: number, shape: Shape): Item[] {
  const items: Item[] = [];
  for (const node of parent.childNodes) {
    if (node instanceof Element) {
      const k = shape.tags.length;
      shape.tags.push(node.tagName);
      shape.parents.push(el);
      items.push(~k);
      for (const name of node.getAttributeNames()) {
        const value = node.getAttribute(name) as string;
        if (name.startsWith('data-kn-'))
          shape.slots[Number(name.slice(8))] = { kind: 'tag', el: k };
        else if (value.includes('\uE000')) {
          const parts = split(value, MARK);
          for (const part of parts) {
            if (typeof part === 'number') shape.slots[part] = { kind: 'attr', el: k, name, parts };
          }
        }
      }
      // A <template>'s children live in its content: the client leaves them to the morph.
      shape.content[k + 1] = node instanceof HTMLTemplateElement ? [] : contentOf(node, k, shape);
    } else if (node instanceof Comment) {
      const slot = /^\uE000(\d+)\uE001$/.exec(node.data);
      if (slot) {
        const i = Number(slot[1]);
        shape.slots[i] = { kind: 'child', el };
        items.push(i);
        continue;
      }
      for (const part of split(node.data, MARK)) {
        if (typeof part === 'number') shape.slots[part] = { kind: 'other', el };
      }
      items.push(null);
    } else if (node instanceof Text) {
      // Inside <textarea> and <title> a placeholder stays text.
      // A textarea's value is more than its text: the morph of its parent keeps it in step.
      const slot: SlotShape =
        shape.tags[el] === 'TEXTAREA'
          ? { kind: 'other', el: shape.parents[el] as number }
          : { kind: 'child', el };
      for (const part of split(node.data, TEXT_MARK)) {
        if (typeof part === 'number') shape.slots[part] = slot;
        if (part !== '') items.push(part);
      }
    }
  }
  return items;
}

/** Splits `text` at placeholders: static strings and slot indexes, in order. */
function split(text: string, mark: RegExp): Array<string | number> {
  const out: Array<string | number> = [];
  let at = 0;
  for (const match of text.matchAll(mark)) {
    out.push(text.slice(at, match.index), Number(match[1]));
    at = match.index + match[0].length;
  }
  out.push(text.slice(at));
  return out;
}
