import {
  changeBinding,
  clickBinding,
  formEntries,
  keyBinding,
  linkOf,
  payloadOf,
  rateLimitOf,
  targetOf,
} from '@kinetic/protocol/page';
import { describe, expect, it } from 'vitest';
import { Dom } from './dom.js';
import { fieldsOf } from './form.js';
import { PageView } from './page-element.js';

/** A page, and its elements as @kinetic/protocol/page reads them. */
const pageOf = (html: string) => {
  const dom = new Dom(html);
  const view = new PageView(dom);
  return { dom, view, at: (selector: string) => view.of(dom.one(selector)) };
};

describe('parsed HTML read by the browser’s rules', () => {
  it('lists a form’s entries as FormData does', () => {
    const { dom, view, at } = pageOf(`
      <form id="f">
        <input name="q" value="rust">
        <input name="empty">
        <input type="checkbox" name="tag" value="a" checked>
        <input type="checkbox" name="tag" value="b">
        <input type="checkbox" name="tag" checked>
        <input type="radio" name="size" value="s">
        <input type="radio" name="size" value="m" checked>
        <select name="lang"><option>en</option><option value="fr" selected>French</option></select>
        <select name="many" multiple><option selected>x</option><option>y</option><option selected>z</option></select>
        <textarea name="bio">  Hello
there</textarea>
        <input name="off" value="1" disabled>
        <fieldset disabled><input name="inside" value="2"></fieldset>
        <input value="nameless">
        <input type="file" name="avatar">
        <input type="submit" name="go" value="Go">
        <button name="act" value="publish">Publish</button>
      </form>
      <input form="f" name="outside" value="3">`);
    const fields = fieldsOf(dom, dom.one('#f')).map((el) => view.of(el));
    expect(payloadOf(formEntries(fields))).toEqual({
      q: 'rust',
      empty: '',
      tag: ['a', 'on'],
      size: 'm',
      lang: 'fr',
      many: ['x', 'z'],
      bio: '  Hello\nthere',
      avatar: '',
      outside: '3',
    });
    expect(payloadOf(formEntries(fields, at('button')))).toMatchObject({ act: 'publish' });
    expect(payloadOf(formEntries(fields, at('input[type=submit]')))).toMatchObject({ go: 'Go' });
  });

  it('resolves a click to the closest lv-click, with its values and target', () => {
    const { at } = pageOf(
      '<div lv-target="cart"><button lv-click="add" lv-value-id="7"><b id="in">+</b></button></div>',
    );
    const click = clickBinding(at('#in'));
    expect(click?.event).toBe('add');
    expect(click?.payload()).toEqual({ id: '7' });
    expect(click && targetOf(click.el)).toBeUndefined();
    expect(clickBinding(at('div'))).toBeUndefined();
  });

  it('a field’s change goes to its form’s lv-change, held by the field’s own lv-debounce', () => {
    const { at } = pageOf(
      '<form lv-change="validate"><input id="q" name="q" value="a" lv-debounce="300"></form>',
    );
    const change = changeBinding(at('#q'), () => ({ q: 'a' }));
    expect(change?.el.tagName).toBe('FORM');
    expect(change?.payload()).toEqual({ q: 'a', _target: 'q' });
    expect(change?.limitEl).toBe(at('#q'));
    expect(rateLimitOf(at('#q'))).toEqual({ kind: 'debounce', ms: 300 });
  });

  it('keys match lv-key case-insensitively; links give their URL', () => {
    const { at } = pageOf(
      '<input id="k" lv-keydown="go" lv-key="enter" value="5"><a id="l" href="/x?p=2" lv-patch>2</a>',
    );
    expect(keyBinding(at('#k'), 'keydown', 'Enter')?.payload()).toEqual({
      key: 'Enter',
      value: '5',
    });
    expect(keyBinding(at('#k'), 'keydown', 'Escape')).toBeUndefined();
    expect(linkOf(at('#l'))).toMatchObject({ kind: 'patch', url: '/x?p=2' });
  });
});
