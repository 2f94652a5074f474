import {
  decodeTree,
  encodeTree,
  type Rendered,
  renderToString,
  type StaticsCache,
} from '@kinetic/diff';
import { Dom } from './dom.js';
import { DomQueries } from './queries.js';

/** A function component's HTML, with the same queries as a view under test. */
export class RenderedComponent extends DomQueries {
  private readonly parsed: Dom;

  constructor(html: string) {
    super();
    this.parsed = new Dom(html);
  }

  protected get dom(): Dom {
    return this.parsed;
  }
}

/**
 * Renders a function component (a plain function returning a template) and parses its
 * HTML, after a trip through the wire form as a browser would receive it.
 * @example
 * const badge = renderComponent(Badge, { label: 'new' });
 * expect(badge.text('.badge')).toBe('new');
 */
export function renderComponent(fn: () => Rendered): RenderedComponent;
export function renderComponent<P>(fn: (props: P) => Rendered, props: P): RenderedComponent;
export function renderComponent<P>(fn: (props?: P) => Rendered, props?: P): RenderedComponent {
  const message = JSON.parse(JSON.stringify(encodeTree(fn(props)))) as unknown;
  const statics: StaticsCache = new Map();
  return new RenderedComponent(renderToString(decodeTree(message, statics)));
}
