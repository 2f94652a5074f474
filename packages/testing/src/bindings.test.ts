import { defineView, html } from '@kinetic/core';
import { describe, expect, it } from 'vitest';
import { Bindings } from '../test/views.js';
import { mount } from './index.js';

/** What the view received last, as `event {payload}`. */
const last = async (run: (view: Awaited<ReturnType<typeof mount>>) => Promise<void>) => {
  const view = await mount(Bindings);
  await run(view);
  return view.text('#last');
};

describe('clicks', () => {
  it('send lv-click with the lv-value-* attributes as the payload', async () => {
    expect(await last((v) => v.click('#add'))).toBe('clicked {"id":"7","kind":"book"}');
  });

  it('bubble: a click inside the button fires the button’s binding', async () => {
    expect(await last((v) => v.click('#label'))).toBe('clicked {"id":"7","kind":"book"}');
  });

  it('on a submit button submit its form with the button as submitter', async () => {
    expect(await last((v) => v.click('#publish'))).toContain('"action":"publish"');
  });
});

describe('forms', () => {
  it('change sends every field as the DOM has it, the typed values, and _target', async () => {
    const sent = await last((v) => v.change('#profile', { name: 'Grace' }));
    expect(JSON.parse(sent.slice('changed '.length))).toEqual({
      name: 'Grace',
      news: 'yes',
      plan: 'free',
      lang: 'fr',
      tags: ['a', 'c'],
      bio: 'Hello there',
      _target: 'name',
    });
  });

  it('checks and unchecks boxes, picks radios and multi-selects', async () => {
    const sent = await last((v) =>
      v.change(
        '#profile',
        { terms: true, news: false, plan: 'pro', tags: ['b'] },
        { target: 'plan' },
      ),
    );
    const payload = JSON.parse(sent.slice('changed '.length));
    expect(payload).toMatchObject({ terms: 'on', plan: 'pro', tags: 'b', _target: 'plan' });
    expect(payload).not.toHaveProperty('news');
  });

  it('change on a field sends its form’s change with that field as _target', async () => {
    const sent = await last((v) => v.change('#profile input[name=name]', 'Lin'));
    expect(sent).toMatch(/^changed \{"name":"Lin",.*"_target":"name"\}$/);
  });

  it('a field outside a form sends its own lv-change: value, name and lv-value-*', async () => {
    expect(await last((v) => v.change('#alone', '5'))).toBe(
      'field {"kind":"solo","value":"5","name":"alone"}',
    );
  });

  it('submit sends every field, without _target, and without the submitter', async () => {
    const sent = await last((v) => v.submit('#profile', { bio: 'New bio' }));
    const payload = JSON.parse(sent.slice('saved '.length));
    expect(payload).toMatchObject({ name: 'Ada', bio: 'New bio' });
    expect(payload).not.toHaveProperty('_target');
    expect(payload).not.toHaveProperty('action');
  });

  it('submit through a submit button includes the button’s name and value', async () => {
    expect(await last((v) => v.submit('#publish'))).toContain('"action":"publish"');
  });

  it('input sends lv-input with the typed value', async () => {
    expect(await last((v) => v.input('#typing', 'hel'))).toBe('typed {"value":"hel"}');
  });
});

describe('keys and focus', () => {
  it('keydown honours lv-key and sends the key and the field’s value', async () => {
    expect(await last((v) => v.keydown('#setpoint', 'Enter', { value: '25' }))).toBe(
      'pressed {"key":"Enter","value":"25"}',
    );
  });

  it('a key lv-key does not name sends nothing', async () => {
    expect(await last((v) => v.keydown('#setpoint', 'a'))).toBe('');
  });

  it('window bindings fire from any element and from "window"', async () => {
    expect(await last((v) => v.keyup('window', 'Escape'))).toBe('window-key {"key":"Escape"}');
    expect(await last((v) => v.keyup('#setpoint', 'escape'))).toBe('window-key {"key":"escape"}');
  });

  it('focus and blur send lv-value-* and the field’s value', async () => {
    expect(await last((v) => v.focus('#focusable'))).toBe('focused {"value":"hi","field":"f"}');
    expect(await last((v) => v.blur('#focusable', { value: 'typed' }))).toBe(
      'blurred {"value":"typed","field":"f"}',
    );
  });
});

describe('form rules of the browser', () => {
  const Edge = defineView({
    name: 'Edge',
    mount: () => ({ last: '' }),
    events: {
      save: (payload, socket) => {
        socket.assign({ last: JSON.stringify(payload) });
      },
    },
    render: ({ last }) => html`<pre id="last">${last}</pre>
      <form id="f" lv-submit="save">
        <select name="size"><option disabled>pick</option><option>S</option><option>M</option></select>
        <input name="tag" value="a"><input name="tag" value="b">
        <input type="file" name="avatar">
        <input type="reset" name="reset" value="r">
      </form>
      <input form="f" name="outside" value="yes">`,
  });

  it('first enabled option, repeated names, fields outside the form, no reset buttons', async () => {
    const view = await mount(Edge);
    await view.submit('#f');
    expect(JSON.parse(view.text('#last'))).toEqual({
      size: 'S',
      tag: ['a', 'b'],
      avatar: '',
      outside: 'yes',
    });
  });
});
