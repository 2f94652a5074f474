import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KineticError } from './errors.js';
import { Form, form } from './form.js';

const Todo = z.object({
  title: z.string().trim().min(3, 'at least 3 characters'),
  due: z.coerce.date({ error: 'a date' }),
  estimate: z.coerce.number().int().min(1, 'at least 1'),
  done: z.stringbool().default(false),
  tags: z.array(z.string()).default([]),
  steps: z.array(z.object({ name: z.string().min(1, 'name the step') })).default([]),
});

describe('form() with zod', () => {
  it('nests field names, lets the schema coerce, and yields the typed value', async () => {
    const f = await form(Todo, {
      title: ' Write docs ',
      due: '2026-12-24',
      estimate: '3',
      done: ['false', 'true'],
      'tags[]': ['docs', 'forms'],
      'steps[0][name]': 'outline',
      'steps[1][name]': 'draft',
    });
    expect(f.valid).toBe(true);
    expect(f.value).toEqual({
      title: 'Write docs',
      due: new Date('2026-12-24'),
      estimate: 3,
      done: true,
      tags: ['docs', 'forms'],
      steps: [{ name: 'outline' }, { name: 'draft' }],
    });
    // The template puts back what the user sent, not the coerced value.
    expect(f.field('title').value).toBe(' Write docs ');
    expect(f.field('tags[]').values).toEqual(['docs', 'forms']);
  });

  it('hides the errors of fields nobody used, and shows them once used or submitted', async () => {
    const params = { title: 'ab', due: 'soon', estimate: '0', 'steps[0][name]': '' };
    const untouched = await form(Todo, params);
    expect(untouched.valid).toBe(false);
    expect(untouched.value).toBeUndefined();
    expect(untouched.errors).toMatchObject({
      title: ['at least 3 characters'],
      estimate: ['at least 1'],
      'steps[0][name]': ['name the step'],
    });
    expect(untouched.field('title')).toMatchObject({ error: undefined, used: false });

    const typed = await form(Todo, { ...params, _used: ['title', 'steps[0][name]'] });
    expect(typed.field('title').error).toBe('at least 3 characters');
    expect(typed.field('steps[0][name]').error).toBe('name the step');
    expect(typed.field('estimate').error).toBeUndefined();
    // An error on the list shows once any of its fields was used.
    expect(typed.field('steps').used).toBe(true);

    const submitted = await form(Todo, params, { submitted: true });
    expect(submitted.field('estimate').error).toBe('at least 1');
    expect(submitted.field('due').error).toBeDefined();
  });

  it('keeps the form id the browser reports with, and makes one for a new form', async () => {
    const fresh = Form.empty();
    const next = await form(Todo, { _form: fresh.id, title: 'x' });
    expect(next.id).toBe(fresh.id);
    expect(Form.empty().id).not.toBe(fresh.id);
    expect((await form(Todo, {})).id).toMatch(/^f/);
  });

  it('adds errors the schema cannot know, on a field or on the form', async () => {
    const f = (await form(Todo, { title: 'Taken title', due: '2026-01-01', estimate: '2' }))
      .withError('title', 'already taken')
      .withError(undefined, 'the list is full');
    expect(f.valid).toBe(false);
    expect(f.field('title').error).toBe('already taken');
    expect(f.error()).toBe('the list is full');
    expect(f.errors['']).toEqual(['the list is full']);
  });

  it('fills a new form from initial values, with no error shown', () => {
    const f = Form.empty({
      title: 'Draft',
      due: new Date('2026-03-01T00:00:00Z'),
      tags: ['a', 'b'],
      steps: [{ name: 'one' }],
    });
    expect(f.field('title').value).toBe('Draft');
    expect(f.field('due').value).toBe('2026-03-01');
    expect(f.field('tags[]').values).toEqual(['a', 'b']);
    expect(f.field('steps[0][name]').value).toBe('one');
    expect(f.field('title').error).toBeUndefined();
    expect(f.valid).toBe(false);
  });

  it('runs async refinements', async () => {
    const Unique = z.object({
      email: z.email('an email').refine(async (email) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return email !== 'ann@example.com';
      }, 'already registered'),
    });
    const taken = await form(Unique, { email: 'ann@example.com', _used: 'email' });
    expect(taken.field('email').error).toBe('already registered');
    expect((await form(Unique, { email: 'ben@example.com' })).valid).toBe(true);
  });

  it('leaves out hostile names: prototype keys, huge indexes, deep nesting', async () => {
    const Loose = z.looseObject({});
    const f = await form(Loose, {
      '__proto__[polluted]': 'yes',
      'a[constructor][prototype][x]': 'yes',
      'list[99999999][x]': 'sparse',
      [`deep${'[a]'.repeat(40)}`]: 'deep',
      ok: 'kept',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(f.value).toEqual({ ok: 'kept' });
  });

  it('refuses what is not a Standard Schema with KN_ERR_FORM_SCHEMA', async () => {
    for (const bad of [null, {}, { parse: () => ({}) }, 'schema']) {
      const error = await form(bad as never, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KineticError);
      expect((error as KineticError).code).toBe('KN_ERR_FORM_SCHEMA');
    }
  });
});

describe('form() with valibot', () => {
  it('reads the same payload with another library: no dependency on one of them', async () => {
    const Signup = v.object({
      name: v.pipe(v.string(), v.minLength(2, 'too short')),
      age: v.pipe(v.string(), v.transform(Number), v.number(), v.minValue(18, 'adults only')),
      roles: v.optional(v.array(v.picklist(['admin', 'editor'])), []),
    });
    const ok = await form(Signup, { name: 'Ann', age: '30', 'roles[]': ['editor'] });
    expect(ok.value).toEqual({ name: 'Ann', age: 30, roles: ['editor'] });
    const bad = await form(Signup, { name: 'A', age: '12', _used: ['name'] }, { submitted: false });
    expect(bad.field('name').error).toBe('too short');
    expect(bad.field('age').error).toBeUndefined();
    expect(bad.errors.age).toEqual(['adults only']);
  });
});
