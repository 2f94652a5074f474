import { defineView, notFound } from '@kinetic/core';
// One namespace import: the names in it change with the resource's, and a list of them
// would sort and wrap differently for each.
import * as model from './__kebab__.js';
import type { __Name__Store } from './__kebab__-store.js';

type Errors = model.__Name__Errors;

/** The views of the __humans__ resource, over a store: the list, one __human__, the form. */
export function __name__Views(store: __Name__Store) {
  /**
   * /__kebabs__: every __human__, with links to show and edit each. Delete asks first: the
   * row turns into "Delete __human__ 3?" with a button that does it and one that does not.
   */
  const __Name__Index = defineView({
    name: '__Name__Index',
    mount: async () => ({
      __names__: await store.list(),
      confirming: undefined as string | undefined,
    }),
    events: {
      ask: (payload, socket) => {
        socket.assign({ confirming: String(payload.id) });
      },
      cancel: (_payload, socket) => {
        socket.assign({ confirming: undefined });
      },
      delete: async (payload, socket) => {
        const id = String(payload.id);
        // Only the row the user confirmed: a stray "delete" deletes nothing.
        if (socket.assigns.confirming !== id) return;
        await store.delete(id);
        socket.putFlash('info', `__Title__ ${id} deleted`);
        socket.assign({ __names__: await store.list(), confirming: undefined });
      },
    },
    title: () => '__Titles__',
    render: ({ __names__, confirming, flash }) => (
      <section class="__kebabs__">
        {flashOf(flash)}
        <div class="actions">
          <h1>__Titles__</h1>
          <a class="button primary" href="/__kebabs__/new">
            New __human__
          </a>
        </div>
        {__names__.length === 0 ? (
          <p class="hint">No __humans__ yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                {/* #each field */}
                <th>__label__</th>
                {/* #end */}
                <th class="row-actions">
                  <span class="hint">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {__names__.map((item) => (
                <tr key={item.id} id={`__kebab__-${item.id}`}>
                  {/* #each field */}
                  <td>{shown(item.__field__)}</td>
                  {/* #end */}
                  <td class="row-actions">
                    {confirming === item.id ? (
                      <>
                        <span>Delete __human__ {item.id}?</span>
                        <button
                          type="button"
                          class="danger"
                          lv-click="delete"
                          lv-value-id={item.id}
                        >
                          Yes, delete
                        </button>
                        <button type="button" lv-click="cancel">
                          Cancel
                        </button>
                      </>
                    ) : (
                      <>
                        <a href={`/__kebabs__/${item.id}`}>Show</a>
                        <a href={`/__kebabs__/${item.id}/edit`}>Edit</a>
                        <button type="button" class="danger" lv-click="ask" lv-value-id={item.id}>
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    ),
  });

  /** /__kebabs__/:id: one __human__; a 404 page for an id there is none of. */
  const __Name__Show = defineView({
    name: '__Name__Show',
    mount: async (params) => ({ __name__: await found(store, String(params.id)) }),
    title: ({ __name__ }) => `__Title__ ${__name__.id}`,
    render: ({ __name__: item, flash }) => (
      <section>
        {flashOf(flash)}
        <h1>__Title__ {item.id}</h1>
        <dl class="record">
          {/* #each field */}
          <dt>__label__</dt>
          <dd id="__kebab__-__field__">{shown(item.__field__)}</dd>
          {/* #end */}
        </dl>
        <div class="actions">
          <a class="button" href={`/__kebabs__/${item.id}/edit`}>
            Edit
          </a>
          <a href="/__kebabs__">Back to __humans__</a>
        </div>
      </section>
    ),
  });

  /**
   * /__kebabs__/new and /__kebabs__/:id/edit: the form. Fields are checked as the user types
   * (each one once touched), all of them on save.
   */
  const __Name__Edit = defineView({
    name: '__Name__Edit',
    mount: async (params) => {
      const id = typeof params.id === 'string' ? params.id : undefined;
      const existing = id === undefined ? undefined : await found(store, id);
      return {
        id,
        form: existing === undefined ? model.empty__Name__Form() : model.__name__FormOf(existing),
        errors: {} as Errors,
        touched: [] as string[],
      };
    },
    events: {
      validate: (payload, socket) => {
        const form = model.__name__FormFrom(payload);
        const target = String(payload._target ?? '');
        const { touched } = socket.assigns;
        const seen = touched.includes(target) ? touched : [...touched, target];
        const result = model.validate__Name__(form);
        const errors = result.ok ? {} : onlyTouched(result.errors, seen);
        socket.assign({ form, errors, touched: seen });
      },
      save: async (payload, socket) => {
        const form = model.__name__FormFrom(payload);
        const result = model.validate__Name__(form);
        if (!result.ok) {
          socket.assign({ form, errors: result.errors });
          return;
        }
        const { id } = socket.assigns;
        const saved =
          id === undefined
            ? await store.create(result.input)
            : await store.update(id, result.input);
        if (saved === undefined) {
          // Deleted since the form opened: back to the list, saying so.
          socket.putFlash('error', `__Title__ ${id} no longer exists`);
          socket.navigate('/__kebabs__');
          return;
        }
        // The flash goes with the navigate: the page of the __human__ says it was saved.
        socket.putFlash('info', id === undefined ? '__Title__ created' : '__Title__ updated');
        socket.navigate(`/__kebabs__/${saved.id}`);
      },
    },
    title: ({ id }) => (id === undefined ? 'New __human__' : `Edit __human__ ${id}`),
    render: ({ id, form, errors }) => (
      <section>
        <h1>{id === undefined ? 'New __human__' : `Edit __human__ ${id}`}</h1>
        <form id="__kebab__-form" lv-change="validate" lv-submit="save" novalidate>
          {/* #each field */}
          <div class={`field __kind__ ${errors.__field__ === undefined ? '' : 'invalid'}`}>
            <label for="__kebab__-__field__">__label__</label>
            {control('__kind__', '__kebab__-__field__', '__field__', form.__field__)}
            {fieldError('__field__', errors.__field__)}
          </div>
          {/* #end */}
          <div class="actions">
            <button type="submit" class="primary" lv-disable-with="Saving…">
              Save
            </button>
            <a href={id === undefined ? '/__kebabs__' : `/__kebabs__/${id}`}>Cancel</a>
          </div>
        </form>
      </section>
    ),
  });

  return { __Name__Index, __Name__Show, __Name__Edit };
}

/** The stored __human__ with this id; a 404 (the styled not-found page) when there is none. */
async function found(store: __Name__Store, id: string) {
  const item = await store.get(id);
  if (item === undefined) throw notFound(`there is no __human__ ${id}`);
  return item;
}

/** The flash messages a view was given ("__Title__ created"), by kind: info, error. */
const flashOf = (flash: Readonly<Record<string, string>>) =>
  Object.entries(flash).map(([kind, message]) => (
    <p class={`flash ${kind}`} role="status">
      {message}
    </p>
  ));

/** A stored value as the list and the page show it. */
const shown = (value: string | number | boolean) =>
  typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);

/** The form control of a field, by its kind. */
function control(
  kind: 'string' | 'text' | 'number' | 'boolean',
  id: string,
  name: string,
  value: string,
) {
  switch (kind) {
    case 'text':
      return (
        <textarea id={id} name={name} rows="5">
          {value}
        </textarea>
      );
    case 'number':
      return <input id={id} name={name} type="number" step="any" value={value} />;
    case 'boolean':
      return <input id={id} name={name} type="checkbox" value="true" checked={value === 'true'} />;
    default:
      return <input id={id} name={name} value={value} />;
  }
}

/** A field's message, when it has one. */
const fieldError = (field: string, message: string | undefined) =>
  message === undefined ? (
    ''
  ) : (
    <p class="error" id={`${field}-error`}>
      {message}
    </p>
  );

/** The errors of the fields the user has been in: no red on a field not reached yet. */
function onlyTouched(errors: Errors, touched: readonly string[]): Errors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => touched.includes(field)));
}
