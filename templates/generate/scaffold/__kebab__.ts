/** A __human__, as the store keeps it. */
export interface __Name__ {
  readonly id: string;
  // #each field
  readonly __field__: __type__;
  // #end
}

/** What creating or changing a __human__ takes: everything but its id. */
export type __Name__Input = Omit<__Name__, 'id'>;

/** A __human__'s form as the browser sends it: every field as text. */
export type __Name__Form = Record<keyof __Name__Input, string>;

/** A message per invalid field. */
export type __Name__Errors = Partial<Record<keyof __Name__Input, string>>;

/** The outcome of validate__Name__. */
export type __Name__Validation =
  | { readonly ok: true; readonly input: __Name__Input }
  | { readonly ok: false; readonly errors: __Name__Errors };

/** The form of a new __human__. */
export const empty__Name__Form = (): __Name__Form => ({
  // #each field
  __field__: '',
  // #end
});

/** The form showing an existing __human__. */
export const __name__FormOf = (item: __Name__): __Name__Form => ({
  // #each field
  __field__: asFormText(item.__field__),
  // #end
});

/** The fields of a form event's payload, as text. */
export const __name__FormFrom = (payload: Readonly<Record<string, unknown>>): __Name__Form => ({
  // #each field
  __field__: typeof payload.__field__ === 'string' ? payload.__field__ : '',
  // #end
});

/** Checks a form: the typed input when every field is valid, else a message per invalid field. */
export function validate__Name__(form: __Name__Form): __Name__Validation {
  const check = new FormCheck(form);
  const input: __Name__Input = {
    // #each field
    __field__: check.__check__,
    // #end
  };
  const { errors } = check;
  return Object.keys(errors).length === 0 ? { ok: true, input } : { ok: false, errors };
}

/** A stored value as a form field holds it: a checked box is "true". */
function asFormText(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : '';
  return String(value);
}

/** Reads a form's fields one by one, typed, and keeps a message per invalid field. */
class FormCheck {
  readonly errors: __Name__Errors = {};

  constructor(private readonly form: __Name__Form) {}

  /** Required text of at most `max` characters, trimmed. */
  text(field: keyof __Name__Input, max: number): string {
    const value = this.form[field].trim();
    if (value === '') this.errors[field] = "can't be blank";
    else if (value.length > max) this.errors[field] = `must be at most ${max} characters`;
    return value;
  }

  /** A required number. */
  number(field: keyof __Name__Input): number {
    const raw = this.form[field].trim();
    const value = Number(raw);
    if (raw === '') this.errors[field] = "can't be blank";
    else if (!Number.isFinite(value)) this.errors[field] = 'must be a number';
    return value;
  }

  /** A checkbox: checked or not, never invalid. */
  boolean(field: keyof __Name__Input): boolean {
    return this.form[field] === 'true';
  }
}
