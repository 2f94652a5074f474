import { renderedWithoutCompileStep } from '@kinetic/core/jsx-runtime';
import { live, mount } from '@kinetic/testing';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { Thermostat } from './thermostat.js';
import { ThermostatJsx } from './thermostat-jsx.js';

const warmer = 'button[aria-label=warmer]';
const colder = 'button[aria-label=colder]';

// Every test runs against the view and against its JSX twin, which the app serves with
// { jsx: true }.
describe.each([
  { how: 'html', Thermostat, jsx: false },
  { how: 'JSX', Thermostat: ThermostatJsx, jsx: true },
])('the thermostat ($how)', ({ Thermostat, jsx }) => {
  const app = () => buildApp({}, { jsx });

  it('starts at 21°C in heat mode', async () => {
    const view = await mount(Thermostat);
    expect(view.text('.temp')).toBe('21°C heat');
    expect(view.attr('[role=meter]', 'aria-valuenow')).toBe('21');
    expect(view.attr('button:contains("heat")', 'aria-pressed')).toBe('true');
    expect(view.title).toBe('Thermostat: 21°C');
  });

  it('+ and − move the temperature by one degree, gauge included', async () => {
    const view = await mount(Thermostat);
    await view.click(warmer);
    await view.click(warmer);
    expect(view.text('#temperature')).toBe('23');
    expect(view.attr('[role=meter]', 'aria-valuenow')).toBe('23');
    await view.click(colder);
    expect(view.text('#temperature')).toBe('22');
    expect(view.title).toBe('Thermostat: 22°C');
  });

  it('never goes above 30°C', async () => {
    const view = await mount(Thermostat);
    for (let i = 0; i < 12; i++) await view.click(warmer);
    expect(view.text('#temperature')).toBe('30');
  });

  it('arrow keys anywhere on the page adjust it', async () => {
    const view = await mount(Thermostat);
    await view.keydown('window', 'ArrowUp');
    await view.keydown('h1', 'ArrowUp');
    await view.keydown('window', 'ArrowDown');
    expect(view.text('#temperature')).toBe('22');
  });

  it('Enter in the set-point field sets the temperature; other keys do not', async () => {
    const view = await mount(Thermostat);
    await view.keydown('#setpoint', '2', { value: '2' });
    expect(view.text('#temperature')).toBe('21');
    await view.keydown('#setpoint', 'Enter', { value: '26.4' });
    expect(view.text('#temperature')).toBe('26');
  });

  it('the mode selector (a live component) switches the mode the view shows', async () => {
    const view = await mount(Thermostat);
    await view.click('button:contains("cool")');
    expect(view.attr('button:contains("cool")', 'aria-pressed')).toBe('true');
    expect(view.attr('button:contains("heat")', 'aria-pressed')).toBe('false');
    expect(view.text('#mode')).toBe('cool');
  });

  it('works the same through the real app', async () => {
    const view = await live(app, '/');
    try {
      await view.click(warmer);
      await view.keydown('window', 'ArrowUp');
      expect(view.text('#temperature')).toBe('23');
      await view.click('button:contains("off")');
      // The component tells the view with sendParent: a server push after the reply.
      await view.waitFor(() => view.text('#mode') === 'off');
      expect(view.title).toBe('Thermostat: 23°C');
    } finally {
      await view.close();
    }
  });
});

describe('the JSX twin', () => {
  it('renders the markup of thermostat.ts (whitespace aside), compiled by @kinetic/jsx', async () => {
    // JSX trims the lines of its text and drops the whitespace between tags; nothing else differs.
    const flat = (html: string) => html.replace(/>\s+</g, '><').replace(/\s+/g, ' ');
    const [html, jsx] = [await mount(Thermostat), await mount(ThermostatJsx)];
    await html.click(warmer);
    await jsx.click(warmer);
    expect(flat(jsx.html())).toBe(flat(html.html()));
    expect(renderedWithoutCompileStep()).toBe(false);
  });
});
