/** @jsxImportSource @kinetic/core */
// The JSX side of the equivalence table (src/equivalence.test.ts holds the html side).
import { JS, raw } from '@kinetic/core';
import type { JSX } from '@kinetic/core/jsx-runtime';

export interface Row {
  readonly id: number;
  readonly name: string;
}

export const text = ({ count }: { count: number }) => (
  <button type="button" lv-click="inc">
    Clicked {count} times
  </button>
);

export const escaping = ({ name }: { name: string }) => (
  <p title="Tom &amp; Jerry's">Hello, {name}! &copy; 2026</p>
);

export const attributes = ({ url, title }: { url: string; title: string | null }) => (
  <a href={url} class="link" title={title} lv-patch>
    go
  </a>
);

export const wholeAttributes = ({ on, busy }: { on: boolean; busy: boolean }) => (
  <form lv-change="toggle">
    <input type="checkbox" name="on" checked={on} disabled={busy} />
    <button type="submit" class={busy ? 'busy' : undefined} lv-disable-with="Saving…">
      Save
    </button>
  </form>
);

export const conditionals = ({ open, n }: { open: boolean; n: number }) => (
  <div>
    {open ? <p class="open">Open: {n}</p> : <p>Closed</p>}
    {n > 0 && <span>{n}</span>}
  </div>
);

export const lists = ({ items }: { items: string[] }) => (
  <ul>
    {items.map((item) => (
      <li>{item}</li>
    ))}
  </ul>
);

export const keyed = ({ rows }: { rows: Row[] }) => (
  <table>
    <tbody>
      {rows.map((row) => (
        <tr key={row.id} lv-value-id={row.id}>
          <td>{row.name}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const Card = ({ title, children }: { title: string; children?: JSX.Element }) => (
  <section class="card">
    <h2>{title}</h2>
    {children}
  </section>
);

export const components = ({ title, body }: { title: string; body: string }) => (
  <main>
    <Card title={title}>
      <p>{body}</p>
    </Card>
  </main>
);

export const nested = ({ title, items, note }: { title: string; items: Row[]; note: string }) => (
  <>
    <header>
      <h1>{title}</h1>
    </header>
    <section lv-update="append" id="feed">
      {items.map((item) => (
        <article key={item.id} id={`item-${item.id}`}>
          <Card title={item.name} />
        </article>
      ))}
      <footer>{raw(note)}</footer>
    </section>
  </>
);

export const spread = ({ extra }: { extra: Record<string, unknown> }) => (
  <input type="text" {...extra} />
);

// Keyed lists whose rows must be rebuilt at every render: the compiler memoizes a keyed
// .map() only when its row reads nothing but its item (src/equivalence.test.ts).

export const selected = ({ rows, selected }: { rows: Row[]; selected: number }) => (
  <ul>
    {rows.map((row) => (
      <li key={row.id} class={row.id === selected ? 'on' : undefined}>
        {row.name}
      </li>
    ))}
  </ul>
);

export const indexed = ({ rows }: { rows: Row[] }) => (
  <ol>
    {rows.map((row, i) => (
      <li key={row.id}>
        {i + 1}. {row.name}
      </li>
    ))}
  </ol>
);

let mark = '';

export const moduleLet = ({ rows, suffix }: { rows: Row[]; suffix: string }) => {
  mark = suffix;
  return (
    <ul>
      {rows.map((row) => (
        <li key={row.id}>
          {row.name}
          {mark}
        </li>
      ))}
    </ul>
  );
};

export const commands = ({ likes }: { likes: number }) => (
  <>
    <button
      type="button"
      lv-click={JS.push('like', { optimistic: JS.setText(String(likes + 1), { to: '#likes' }) })}
      lv-optimistic={JS.addClass('busy')}
    >
      like
    </button>
    <span id="likes">{likes}</span>
  </>
);
