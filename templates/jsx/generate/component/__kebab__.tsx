import type { Rendered } from '@kinetic/core';

/** What __Name__ shows. */
export interface __Name__Props {
  readonly title: string;
  readonly body?: string;
}

/**
 * __Name__: a function component, a plain function returning JSX. Use it in a view's
 * render as a tag: <__Name__ title="Hello" />.
 */
export function __Name__({ title, body }: __Name__Props): Rendered {
  return (
    <div class="__kebab__">
      <h2>{title}</h2>
      {body !== undefined && <p>{body}</p>}
    </div>
  );
}
