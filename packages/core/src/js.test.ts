import { html, renderToString } from '@kinetic/diff';
import { describe, expect, it } from 'vitest';
import { KineticError } from './errors.js';
import { JS } from './js.js';

const render = (value: unknown) => renderToString(html`<button lv-click=${value}>x</button>`);

describe('JS commands', () => {
  it('chain into a compact JSON array of [name, args], leaving out what was not given', () => {
    const js = JS.toggle({ to: '#menu' }).addClass('open  wide ', { to: { closest: 'nav' } });
    expect(String(js)).toBe(
      '[["toggle",{"to":"#menu"}],["addClass",{"to":{"closest":"nav"},"names":"open  wide"}]]',
    );
    // Each call makes a new chain: a shared base is not changed by what is added to it.
    const base = JS.show();
    base.hide();
    expect(String(base)).toBe('[["show",{}]]');
  });

  it('render into an attribute escaped, so the browser reads back the same JSON', () => {
    const js = JS.setText('"quoted" <b>&', { to: '#t' }).push('save', { value: { id: 1 } });
    const out = render(js);
    expect(out).toBe(
      `<button lv-click="${js.toString().replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}">x</button>`,
    );
    expect(out).not.toContain('<b>');
    // What an HTML parser gives back is the JSON the runtime parses.
    const attr = /lv-click="([^"]*)"/.exec(out)?.[1] ?? '';
    const decoded = attr
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&');
    expect(JSON.parse(decoded)).toEqual([
      ['setText', { to: '#t', text: '"quoted" <b>&' }],
      ['push', { value: { id: 1 }, event: 'save' }],
    ]);
  });

  it('carry optimistic commands inside push as data', () => {
    const js = JS.push('like', { optimistic: JS.setText('11', { to: '#likes' }), target: '3' });
    expect(js.toJSON()).toEqual([
      [
        'push',
        { target: '3', event: 'like', optimistic: [['setText', { to: '#likes', text: '11' }]] },
      ],
    ]);
  });

  it('refuse event-handler attributes, srcdoc, empty names and bad targets with KN_ERR_BAD_JS', () => {
    const refusals: Array<[() => unknown, string]> = [
      [() => JS.setAttr('onclick', 'alert(1)'), 'JS.setAttr(...) needs an attribute name'],
      [() => JS.toggleAttr('ONload', 'x'), 'JS.toggleAttr(...)'],
      [() => JS.removeAttr('srcdoc'), 'JS.removeAttr(...)'],
      [() => JS.setAttr('bad name', 'x'), '"bad name"'],
      [() => JS.addClass(' '), 'JS.addClass(...) needs class names'],
      [() => JS.push(''), 'JS.push(...) needs an event name'],
      [() => JS.dispatch(''), 'JS.dispatch(...) needs an event name'],
      [() => JS.show({ to: '' }), 'JS.show(...) needs a target'],
      [() => JS.hide({ to: { nearest: 'x' } as never }), 'JS.hide(...) needs a target'],
      [() => JS.push('x', { optimistic: 'hide' as never }), 'optimistic commands made with JS'],
    ];
    for (const [build, message] of refusals) {
      let error: unknown;
      try {
        build();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KineticError);
      expect((error as KineticError).code).toBe('KN_ERR_BAD_JS');
      expect((error as Error).message).toContain(message);
    }
  });

  it('offer every command of the docs, static and chained', () => {
    const all = JS.show()
      .hide()
      .toggle({ in: 'fade-in', out: ['ease', 'opacity-100', 'opacity-0'], time: 100 })
      .addClass('a')
      .removeClass('b')
      .toggleClass('c')
      .setAttr('aria-expanded', 'true')
      .removeAttr('hidden')
      .toggleAttr('data-x', 'on', 'off')
      .setText('t')
      .transition('shake', { time: 300 })
      .dispatch('my:event', { detail: { a: 1 }, bubbles: false })
      .push('go')
      .focus({ to: '#a' })
      .focusFirst({ inner: 'form' } as never)
      .pushFocus()
      .popFocus()
      .navigate('/a', { replace: true })
      .patch('/b')
      .exec('data-cancel', { to: '#modal' });
    expect(all.ops.map(([name]) => name)).toEqual([
      'show',
      'hide',
      'toggle',
      'addClass',
      'removeClass',
      'toggleClass',
      'setAttr',
      'removeAttr',
      'toggleAttr',
      'setText',
      'transition',
      'dispatch',
      'push',
      'focus',
      'focusFirst',
      'pushFocus',
      'popFocus',
      'navigate',
      'patch',
      'exec',
    ]);
    for (const name of ['show', 'hide', 'toggle', 'pushFocus', 'popFocus'] as const) {
      expect(String(JS[name]())).toBe(`[["${name}",{}]]`);
    }
  });
});
