/** @jsxImportSource @kinetic/core */
// Views whose values are refused at render time, in JSX (src/refusals.test.ts).
import type { JSX } from '@kinetic/core/jsx-runtime';

export const link = ({ url }: { url: string }) => <a href={url}>go</a>;

export const styled = ({ css }: { css: string }) => <div style={css}>styled</div>;

export const spreadHandler = ({ extra }: { extra: Record<string, unknown> }) => (
  <button {...extra}>spread</button>
);

export const tagFromValue = ({ Tag }: { Tag: () => JSX.Element }) => <Tag />;

export const duplicateKeys = ({ ids }: { ids: number[] }) => (
  <ul>
    {ids.map((id) => (
      <li key={id}>{id}</li>
    ))}
  </ul>
);
