import { mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { Home } from './home.js';

describe('Home', () => {
  it('greets the world, then whoever types their name', async () => {
    const view = await mount(Home);
    expect(view.text('h1')).toBe('Hello, world!');
    await view.input('input[name=name]', 'Ada');
    expect(view.text('h1')).toBe('Hello, Ada!');
  });
});
