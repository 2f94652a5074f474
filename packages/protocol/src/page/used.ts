import type { PageElement } from './element.js';
import type { Payload } from './form.js';

/** How many forms' used fields are kept: the oldest goes first (a page has a few forms). */
const MAX_FORMS = 32;

/**
 * Which fields of each form the user has used, so the server shows a field's errors only
 * once it was used (docs/forms.md). Only forms with an `lv-form` attribute (the server's
 * `Form.id`) are tracked, by that id: a new form (the server's `Form.empty()`) has a new
 * id and starts with nothing used. The browser and @kinetic/testing each keep one.
 */
export class UsedFields {
  private readonly forms = new Map<string, Set<string>>();

  /** Marks `name` used in `form`; true when it was not used before. */
  mark(form: PageElement | null | undefined, name: string): boolean {
    const names = this.namesOf(form);
    if (names === undefined || name === '' || names.has(name)) return false;
    names.add(name);
    return true;
  }

  /** A submit: every field of the form counts as used. */
  markAll(form: PageElement | null | undefined, names: Iterable<string>): void {
    for (const name of names) this.mark(form, name);
  }

  /** What a form's payload carries: `_form` (its id) and `_used` (the names used). */
  payload(form: PageElement | null | undefined): Payload {
    const id = form?.getAttribute('lv-form');
    if (!id) return {};
    const names = this.forms.get(id);
    return names === undefined || names.size === 0
      ? { _form: id }
      : { _form: id, _used: [...names] };
  }

  private namesOf(form: PageElement | null | undefined): Set<string> | undefined {
    const id = form?.getAttribute('lv-form');
    if (!id) return undefined;
    let names = this.forms.get(id);
    if (names === undefined) {
      names = new Set();
      this.forms.set(id, names);
      if (this.forms.size > MAX_FORMS) this.forms.delete(this.forms.keys().next().value as string);
    }
    return names;
  }
}
