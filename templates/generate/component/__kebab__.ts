import { html, type Rendered } from '@kinetic/core';

/** What __Name__ shows. */
export interface __Name__Props {
  readonly title: string;
  readonly body?: string;
}

/**
 * __Name__: a function component, a plain function returning a template. Use it in a
 * view's render: html`${__Name__({ title: 'Hello' })}`.
 */
export function __Name__({ title, body }: __Name__Props): Rendered {
  return html`<div class="__kebab__">
    <h2>${title}</h2>
    ${body === undefined ? '' : html`<p>${body}</p>`}
  </div>`;
}
