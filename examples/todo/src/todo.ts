import { defineView, Form, type FormField, form, html } from '@kinetic/core';
import { PRIORITIES, TAGS, type TodoInput, TodoInput as TodoSchema, type Todos } from './todos.js';

const fresh = () => Form.empty<TodoInput>({ priority: 'normal' });

const error = (id: string, field: FormField) =>
  field.error === undefined ? '' : html`<span class="error" id="${id}">${field.error}</span>`;

/** The todo form, new or inline edit: every field validated as the user types. */
function todoForm(
  f: Form<TodoInput>,
  { id, change, submit, label }: { id: string; change: string; submit: string; label: string },
) {
  const title = f.field('title');
  const due = f.field('due');
  const priority = f.field('priority');
  const tags = f.field('tags[]');
  const done = f.field('done');
  return html`<form id="${id}" class="todo-form" lv-form=${f.id} lv-change=${change} lv-submit=${submit}>
  <label>Title <input name="title" value=${title.value} lv-debounce="150" autocomplete="off" aria-invalid=${title.error !== undefined}></label>
  ${error(`${id}-title-error`, title)}
  <label>Due <input type="date" name="due" value=${due.value}></label>
  ${error(`${id}-due-error`, due)}
  <label>Priority <select name="priority">${PRIORITIES.map(
    (p) => html`<option value=${p} selected=${priority.value === p}>${p}</option>`,
  )}</select></label>
  ${error(`${id}-priority-error`, priority)}
  <fieldset><legend>Tags</legend>${TAGS.map(
    (t) =>
      html`<label><input type="checkbox" name="tags[]" value=${t} checked=${tags.values.includes(t)}> ${t}</label> `,
  )}</fieldset>
  ${error(`${id}-tags-error`, tags)}
  <label><input type="hidden" name="done" value="false"><input type="checkbox" name="done" value="true" checked=${done.value === 'true'}> Done</label>
  ${f.error() === undefined ? '' : html`<p class="error" id="${id}-form-error">${f.error()}</p>`}
  <button type="submit" lv-disable-with="Saving…">${label}</button>
</form>`;
}

const fieldsOf = (todo: TodoInput) => ({
  title: todo.title,
  due: todo.due,
  priority: todo.priority,
  tags: todo.tags,
  done: String(todo.done),
});

/**
 * A todo list: a form that validates as you type (zod through Standard Schema), errors
 * only on fields the user used, a check the schema cannot make (a title already on the
 * list), inline edit, and a flash on save.
 */
export function todoView(todos: Todos) {
  return defineView({
    name: 'Todo',
    mount: () => ({
      todos: todos.list(),
      draft: fresh(),
      editing: undefined as number | undefined,
      edit: fresh(),
    }),
    title: ({ todos: list }) => `Todos (${list.filter((t) => !t.done).length} open)`,
    events: {
      validate: async (params, socket) => {
        socket.assign('draft', await form(TodoSchema, params));
      },
      save: async (params, socket) => {
        let draft = await form(TodoSchema, params, { submitted: true });
        if (draft.value !== undefined && todos.taken(draft.value.title)) {
          draft = draft.withError('title', 'That is already on the list');
        }
        if (!draft.valid || draft.value === undefined) return void socket.assign({ draft });
        const todo = todos.add(draft.value);
        socket.assign({ draft: fresh(), todos: todos.list() });
        socket.putFlash('info', `Added “${todo.title}”`);
      },
      edit: ({ id }, socket) => {
        const todo = todos.get(Number(id));
        if (todo === undefined) return;
        socket.assign({ editing: todo.id, edit: Form.empty<TodoInput>(fieldsOf(todo)) });
      },
      'validate-edit': async (params, socket) => {
        socket.assign('edit', await form(TodoSchema, params));
      },
      'save-edit': async (params, socket) => {
        const id = socket.assigns.editing;
        if (id === undefined) return;
        let edit = await form(TodoSchema, params, { submitted: true });
        if (edit.value !== undefined && todos.taken(edit.value.title, id)) {
          edit = edit.withError('title', 'That is already on the list');
        }
        if (!edit.valid || edit.value === undefined) return void socket.assign({ edit });
        todos.update(id, edit.value);
        socket.assign({ editing: undefined, todos: todos.list() });
        socket.putFlash('info', `Saved “${edit.value.title}”`);
      },
      cancel: (_p, socket) => {
        socket.assign({ editing: undefined });
      },
      toggle: ({ id }, socket) => {
        todos.toggle(Number(id));
        socket.assign('todos', todos.list());
      },
      remove: ({ id }, socket) => {
        todos.remove(Number(id));
        socket.assign('todos', todos.list());
      },
    },
    render: ({ todos: list, draft, editing, edit, flash }) => html`<h1>Todos</h1>
${flash.info === undefined ? '' : html`<p id="flash" role="status">${flash.info}</p>`}
${todoForm(draft, { id: 'new', change: 'validate', submit: 'save', label: 'Add' })}
<ul id="todos">${list.map((todo) =>
      todo.id === editing
        ? html`<li id="todo-${todo.id}">${todoForm(edit, { id: `edit-${todo.id}`, change: 'validate-edit', submit: 'save-edit', label: 'Save' })}<button type="button" lv-click="cancel">Cancel</button></li>`
        : html`<li id="todo-${todo.id}" class=${todo.done ? 'done' : ''}>
  <input type="checkbox" aria-label="done" checked=${todo.done} lv-click="toggle" lv-value-id=${todo.id}>
  <span class="title">${todo.title}</span>
  <span class="meta">${todo.priority}${todo.due === undefined ? '' : ` · due ${todo.due.toISOString().slice(0, 10)}`}${todo.tags.length === 0 ? '' : ` · ${todo.tags.join(', ')}`}</span>
  <button type="button" lv-click="edit" lv-value-id=${todo.id}>Edit</button>
  <button type="button" lv-click="remove" lv-value-id=${todo.id}>Remove</button>
</li>`,
    )}</ul>`,
  });
}
