// The errors a test author gets from mount() and live() when a test asks for what its view
// or app cannot give, asserted by code and by what the message tells them to do.
import { defineView, html } from '@kinetic/core';
import { kinetic } from '@kinetic/transport';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { live, mount } from './index.js';

const User = defineView({
  name: 'User',
  mount: (params) => ({ id: String(params.id) }),
  handleParams: (params, _url, socket) => {
    socket.assign({ id: String(params.id) });
  },
  handleInfo: (_message: unknown) => {},
  render: ({ id }) => html`<h1>user ${id}</h1>`,
});

describe('KN_ERR_TEST_OTHER_VIEW', () => {
  it('a mount() test cannot navigate to a URL of another view', async () => {
    const view = await mount(User, { route: '/users/:id', url: '/users/1' });
    await view.patch('/users/2');
    expect(view.text('h1')).toBe('user 2');

    const other = {
      code: 'KN_ERR_TEST_OTHER_VIEW',
      message: expect.stringContaining('Use live(app, path) to follow navigation across views'),
    };
    await expect(view.navigate('/posts/7')).rejects.toMatchObject(other);
    await expect(view.navigate('/posts/7')).rejects.toThrow('/posts/7 is not a route of User');
    // The view is still where it was.
    expect(view.text('h1')).toBe('user 2');
    await view.close();
  });
});

describe('KN_ERR_TEST_UNSUPPORTED', () => {
  it('a live() test cannot read assigns of an app that keeps its Kinetic runtime to itself', async () => {
    const SECRET = 'testing-error-codes-secret-Vp3x-9Kd2-Hq7m-Lw4z-Rb8n';
    const app = Fastify({ logger: false });
    // The kinetic plugin inside an encapsulated plugin: routes work, app.kinetic is not there.
    await app.register(async (scoped) => {
      await scoped.register(kinetic, { secret: SECRET });
      scoped.live('/users/:id', User);
    });
    const view = await live(app, '/users/3');
    try {
      // What the page shows still works.
      expect(view.text('h1')).toBe('user 3');
      const unsupported = {
        code: 'KN_ERR_TEST_UNSUPPORTED',
        message: expect.stringContaining('does not let a test reach the joined view'),
      };
      expect(() => view.assigns).toThrow(expect.objectContaining(unsupported));
      await expect(view.sendInfo('tick')).rejects.toMatchObject(unsupported);
    } finally {
      await view.close();
      await app.close();
    }
  });
});
