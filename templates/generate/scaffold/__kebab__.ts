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
  __field__: __toForm__,
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
  const errors: __Name__Errors = {};
  const input: __Name__Input = {
    // #each field
    __field__: __parse__,
    // #end
  };
  return Object.keys(errors).length === 0 ? { ok: true, input } : { ok: false, errors };
}

// Field checks: each returns the typed value and records a message for an invalid one.

function text(
  form: __Name__Form,
  field: keyof __Name__Input,
  max: number,
  errors: __Name__Errors,
): string {
  const value = form[field].trim();
  if (value === '') errors[field] = "can't be blank";
  else if (value.length > max) errors[field] = `must be at most ${max} characters`;
  return value;
}

function numeric(form: __Name__Form, field: keyof __Name__Input, errors: __Name__Errors): number {
  const raw = form[field].trim();
  const value = Number(raw);
  if (raw === '') errors[field] = "can't be blank";
  else if (!Number.isFinite(value)) errors[field] = 'must be a number';
  return value;
}

function checked(form: __Name__Form, field: keyof __Name__Input): boolean {
  return form[field] === 'true';
}
