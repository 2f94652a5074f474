import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { todoView } from './todo.js';
import { Todos } from './todos.js';

const open = () => mount(todoView(new Todos()));

describe('the todo form', () => {
  it('shows no error for a field nobody used, and the error once the user typed in it', async () => {
    const view = await open();
    expect(view.count('.error')).toBe(0);
    await view.change('#new input[name=title]', 'ab');
    expect(view.text('#new-title-error')).toBe('Give it at least 3 characters');
    // The date is as wrong as before (empty is fine) and nobody touched the tags.
    expect(view.count('.error')).toBe(1);
    await view.change('#new input[name=title]', 'abc');
    expect(view.count('.error')).toBe(0);
  });

  it('shows an untouched field’s error once the user leaves it, and checks groups and dates', async () => {
    const view = await open();
    await view.blur('#new input[name=title]');
    expect(view.text('#new-title-error')).toBe('Give it at least 3 characters');
    await view.change('#new', { 'tags[]': ['home', 'work', 'errand'] });
    expect(view.text('#new-tags-error')).toBe('Two tags at most');
    await view.change('#new input[name=due]', '1999-05-01');
    expect(view.text('#new-due-error')).toBe('Pick a date after 2000');
  });

  it('a submit shows every error; a valid one adds the todo, flashes, and starts a fresh form', async () => {
    const view = await open();
    await view.submit('#new');
    expect(view.text('#new-title-error')).toBe('Give it at least 3 characters');
    await view.submit('#new', {
      title: 'Buy milk',
      due: '2026-12-24',
      'tags[]': ['errand'],
      done: true,
    });
    expect(view.text('#flash')).toBe('Added “Buy milk”');
    expect(view.text('#todos li .meta')).toBe('normal · due 2026-12-24 · errand');
    expect(view.count('.error')).toBe(0);
    // The new form has a new id: nothing in it is used yet.
    await view.change('#new input[name=title]', 'x');
    expect(view.text('#new-title-error')).toBe('Give it at least 3 characters');
    expect(view.count('.error')).toBe(1);
  });

  it('a title already on the list is an error the schema cannot know', async () => {
    const view = await open();
    await view.submit('#new', { title: 'Buy milk' });
    await view.submit('#new', { title: ' buy MILK ' });
    expect(view.text('#new-title-error')).toBe('That is already on the list');
    expect(view.count('#todos li')).toBe(1);
  });

  it('edits a todo inline, with its own form, validated the same way', async () => {
    const view = await open();
    await view.submit('#new', { title: 'Buy milk' });
    const id = view.attr('#todos li', 'id')?.slice('todo-'.length);
    await view.click(`#todo-${id} button[lv-click=edit]`);
    expect(view.attr(`#edit-${id} input[name=title]`, 'value')).toBe('Buy milk');
    await view.change(`#edit-${id} input[name=title]`, 'no');
    expect(view.text(`#edit-${id}-title-error`)).toBe('Give it at least 3 characters');
    await view.submit(`#edit-${id}`, { title: 'Buy oat milk', priority: 'high' });
    expect(view.text('#flash')).toBe('Saved “Buy oat milk”');
    expect(view.text('#todos li .title')).toBe('Buy oat milk');
    expect(view.text('#todos li .meta')).toBe('high');
  });
});

describe('over the wire', () => {
  it('the same form through the real app', async () => {
    const app = await buildApp();
    try {
      const view = await live(app, '/');
      await view.change('#new input[name=title]', 'ab');
      expect(view.text('#new-title-error')).toBe('Give it at least 3 characters');
      await view.submit('#new', { title: 'Water plants' });
      expect(view.text('#flash')).toBe('Added “Water plants”');
      await view.close();
    } finally {
      await app.close();
    }
  });
});
