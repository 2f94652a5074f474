import type { StandardSchemaV1 } from '@standard-schema/spec';
import { badFormSchema } from './errors.js';

/**
 * Forms that validate as the user types, with any Standard Schema library (zod, valibot,
 * arktype, ...): `form(schema, params)` parses a form's payload into nested values, runs
 * the schema (async allowed) and gives the typed value, the errors by field name, and
 * which fields the user has used, so an error shows only once its field was used or the
 * form submitted. See docs/forms.md.
 */

/** What the browser sends for a form: field names as in the HTML, strings and arrays. */
export type FormParams = Readonly<Record<string, unknown>>;

export interface FormOptions {
  /** In the submit handler: every field counts as used, so every error shows. */
  readonly submitted?: boolean;
}

/** One field, as a template renders it. */
export interface FormField {
  readonly name: string;
  /** What to put back in the field: what the user sent (the last value of a repeated name). */
  readonly value: string;
  /** Every value sent under the name (a checkbox group, a multiple select). */
  readonly values: readonly string[];
  /** The first error to show: set once the field was used or the form submitted. */
  readonly error: string | undefined;
  /** All of its errors, shown or not. */
  readonly errors: readonly string[];
  readonly used: boolean;
}

/** Payload keys the runtime adds for forms (docs/forms.md); never fields of the app's. */
const RESERVED = new Set(['_target', '_used', '_form']);
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Bounds on what a hostile payload can make the parser build. */
const MAX_DEPTH = 16;
const MAX_INDEX = 10_000;

let nextId = 0;
const newId = () => `f${(++nextId).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * A form's state: what the user sent, the schema's verdict, and what to show. Immutable:
 * `withError` gives a new one. Render `lv-form=${form.id}` on the `<form>` element so the
 * browser reports which fields the user used.
 */
export class Form<T = Record<string, unknown>> {
  private constructor(
    /** Names the browser's used-field reports by (the `lv-form` attribute). */
    readonly id: string,
    /** The field values by name, as sent (or as `Form.empty` was given them). */
    private readonly raw: Readonly<Record<string, readonly string[]>>,
    /** The schema's output when the values are valid. */
    readonly value: T | undefined,
    private readonly issues: ReadonlyMap<string, readonly string[]>,
    private readonly usedNames: ReadonlySet<string>,
    /** True once the form was submitted: every error shows. */
    readonly submitted: boolean,
  ) {}

  /**
   * A form nobody has used yet: no errors shown. `initial` (nested values, e.g. a record
   * being edited) fills the fields.
   */
  static empty<T = Record<string, unknown>>(initial: Record<string, unknown> = {}): Form<T> {
    return new Form<T>(newId(), flatten(initial), undefined, new Map(), new Set(), false);
  }

  /** @internal Built by `form()`. */
  static of<T>(
    id: string,
    raw: Record<string, readonly string[]>,
    value: T | undefined,
    issues: Map<string, string[]>,
    used: Set<string>,
    submitted: boolean,
  ): Form<T> {
    return new Form(id, raw, value, issues, used, submitted);
  }

  /** True when the schema accepted the values and no error was added. */
  get valid(): boolean {
    return this.value !== undefined && this.issues.size === 0;
  }

  /** The field named as in the HTML: `title`, `items[0][name]`, `tags[]`. */
  field(name: string): FormField {
    const key = fieldKey(name);
    const values = this.raw[key] ?? [];
    const errors = this.issues.get(key) ?? [];
    const used = this.isUsed(key);
    return {
      name,
      value: values.at(-1) ?? '',
      values,
      error: used ? errors[0] : undefined,
      errors,
      used,
    };
  }

  /** The first error to show for `name` (see `field`), or for the form itself without one. */
  error(name?: string): string | undefined {
    if (name !== undefined) return this.field(name).error;
    return this.submitted || this.usedNames.size > 0 ? this.issues.get('')?.[0] : undefined;
  }

  /** Every error by field name ('' for the form's own), shown or not. */
  get errors(): Readonly<Record<string, readonly string[]>> {
    return Object.fromEntries(this.issues);
  }

  /**
   * An error the schema cannot know (a database check: "email already taken"), on a field
   * or, without `name`, on the form. The field counts as used: the error shows.
   */
  withError(name: string | undefined, message: string): Form<T> {
    const key = name === undefined ? '' : fieldKey(name);
    const issues = new Map(this.issues);
    issues.set(key, [...(issues.get(key) ?? []), message]);
    const used = new Set(this.usedNames);
    if (key !== '') used.add(key);
    return new Form<T>(this.id, this.raw, this.value, issues, used, this.submitted || key === '');
  }

  private isUsed(key: string): boolean {
    if (this.submitted || this.usedNames.has(key)) return true;
    // An error on `items` shows once any of its fields was used.
    for (const name of this.usedNames) if (name.startsWith(`${key}[`)) return true;
    return false;
  }
}

/**
 * Validates a form's payload with a Standard Schema (zod, valibot, arktype, ...): the
 * field names become nested values (`items[0][name]`, `tags[]`), the schema coerces and
 * checks them, and the result says what to show. Call it in the lv-change handler with the
 * payload, and in the lv-submit handler with `{ submitted: true }`.
 * @example
 * validate: async (params, socket) => {
 *   socket.assign('form', await form(Todo, params));
 * },
 */
export async function form<S extends StandardSchemaV1>(
  schema: S,
  params: FormParams,
  options: FormOptions = {},
): Promise<Form<StandardSchemaV1.InferOutput<S>>> {
  const standard = (schema as Partial<StandardSchemaV1> | null)?.['~standard'];
  if (typeof standard?.validate !== 'function') throw badFormSchema(describe(schema));
  const { raw, lists } = fieldsOf(params);
  const result = await standard.validate(nest(raw, lists));
  const issues = new Map<string, string[]>();
  for (const issue of result.issues ?? []) {
    const key = pathName(issue.path);
    issues.set(key, [...(issues.get(key) ?? []), issue.message]);
  }
  const value = result.issues === undefined ? (result as { value: unknown }).value : undefined;
  const id = typeof params._form === 'string' && params._form !== '' ? params._form : newId();
  return Form.of(
    id.slice(0, 64),
    raw,
    value as StandardSchemaV1.InferOutput<S> | undefined,
    issues,
    usedOf(params._used),
    options.submitted === true,
  );
}

const describe = (value: unknown) =>
  value === null
    ? 'null'
    : typeof value === 'object'
      ? 'an object without ~standard'
      : typeof value;

/** `tags[]` and `tags` are one field: its values, under the name without `[]`. */
const fieldKey = (name: string) => (name.endsWith('[]') ? name.slice(0, -2) : name);

/** The payload's fields by name (without `[]`), and which names were lists (`tags[]`). */
function fieldsOf(params: FormParams) {
  const raw: Record<string, readonly string[]> = {};
  const lists = new Set<string>();
  for (const [name, value] of Object.entries(params)) {
    if (RESERVED.has(name)) continue;
    const key = fieldKey(name);
    if (key !== name) lists.add(key);
    const values = Array.isArray(value) ? value : [value];
    // fromEntries-like: an own property even for a field named __proto__.
    Object.defineProperty(raw, key, {
      value: values.filter((v): v is string => typeof v === 'string'),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { raw, lists };
}

function usedOf(value: unknown): Set<string> {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return new Set(
    names.filter((n): n is string => typeof n === 'string' && n.length <= 256).map(fieldKey),
  );
}

/** `items[0][name]` → `['items', '0', 'name']`; a name that is not of that shape is one key. */
function segments(name: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
  if (!match) return [name];
  const rest = (match[2] ?? '').slice(1, -1);
  return [match[1] as string, ...(rest === '' ? [] : rest.split(']['))];
}

/**
 * The fields as nested values: `items[0][name]` builds arrays and objects; a name sent
 * several times without `[]` keeps its last value (a hidden "false" before a checkbox),
 * one with `[]` (or a multiple select sent as several values) an array. Prototype keys,
 * indexes past 10,000 and names deeper than 16 are left out.
 */
function nest(raw: Record<string, readonly string[]>, lists: Set<string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(raw)) {
    const path = segments(key);
    if (path.length > MAX_DEPTH || path.some((s) => UNSAFE_KEYS.has(s))) continue;
    if (path.some((s, i) => i > 0 && /^\d+$/.test(s) && Number(s) > MAX_INDEX)) continue;
    let at: Record<string, unknown> = root;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i] as string;
      const nextIsIndex = /^\d+$/.test(path[i + 1] as string);
      const existing = at[segment];
      const child =
        typeof existing === 'object' && existing !== null ? existing : nextIsIndex ? [] : {};
      at[segment] = child;
      at = child as Record<string, unknown>;
    }
    at[path.at(-1) as string] = lists.has(key) ? values : values.at(-1);
  }
  return compact(root) as Record<string, unknown>;
}

/** Arrays built from indexes lose their holes: `items[0]` and `items[3]` are two items. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (typeof value !== 'object' || value === null) return value;
  for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = compact(v);
  return value;
}

/** A schema issue's path as the field's HTML name: `['items', 0, 'name']` → `items[0][name]`. */
function pathName(path: StandardSchemaV1.Issue['path']): string {
  const keys = (path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
  return keys.length === 0
    ? ''
    : `${keys[0]}${keys
        .slice(1)
        .map((k) => `[${k}]`)
        .join('')}`;
}

/** Nested initial values as field names and their values, for `Form.empty`. */
function flatten(value: unknown, name = '', out: Record<string, string[]> = {}) {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    out[name] = value.map((v) => (v instanceof Date ? v.toISOString() : String(v ?? '')));
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) flatten(v, name === '' ? k : `${name}[${k}]`, out);
  } else if (name !== '' && value !== undefined && value !== null) {
    out[name] = [value instanceof Date ? value.toISOString().slice(0, 10) : String(value)];
  }
  return out;
}
