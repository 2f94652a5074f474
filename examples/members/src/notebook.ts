import { defineView, each, html } from '@kinetic/core';

/** Notes by owner, in memory: the example's database, one per app. */
export class NoteStore {
  private readonly notebooks = new Map<string, readonly string[]>();

  of(owner: string): readonly string[] {
    return this.notebooks.get(owner) ?? [];
  }

  add(owner: string, text: string): readonly string[] {
    const notes = [...this.of(owner), text];
    this.notebooks.set(owner, notes);
    return notes;
  }
}

/**
 * A member's notebook at `/notes/:owner`. The route's guard signs people in; `authorize`
 * lets only the owner open it, for the page, the live join and every live URL change, so a
 * `lv-patch` to someone else's notebook is refused and loads as a page answering 403.
 */
export const notebookView = (store: NoteStore) =>
  defineView({
    name: 'Notebook',
    authorize: (params, session) => params.owner === session.member,
    mount: (params) => {
      const owner = String(params.owner);
      return { owner, notes: store.of(owner) };
    },
    handleParams: (params, _url, socket) => {
      const owner = String(params.owner);
      socket.assign({ owner, notes: store.of(owner) });
    },
    events: {
      add: (payload, socket) => {
        const text = typeof payload.text === 'string' ? payload.text.trim().slice(0, 200) : '';
        if (text === '') return;
        // The owner comes from the view's state, which the signed token put there: never from
        // the payload, which is the client's word.
        socket.assign({ notes: store.add(socket.assigns.owner, text) });
      },
    },
    title: ({ owner }) => `${owner}'s notebook`,
    render: ({ owner, notes }) => html`<main>
    <h1>${owner}'s notebook</h1>
    <form id="add" lv-submit="add">
      <input id="text" name="text" autocomplete="off" placeholder="A note" required>
      <button type="submit">Add</button>
    </form>
    <ul id="notes">${each(
      notes.map((text, i) => ({ text, i })),
      (note) => String(note.i),
      (note) => html`<li>${note.text}</li>`,
    )}</ul>
    <p class="meta" id="count">${notes.length} ${notes.length === 1 ? 'note' : 'notes'}</p>
    <nav class="meta">
      <a id="peek" href="/notes/${owner === 'bob' ? 'ann' : 'bob'}" lv-patch>Someone else’s notebook</a>
      · <a href="/logout">Sign out</a>
    </nav>
  </main>`,
  });
