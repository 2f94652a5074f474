/**
 * The page as the live runtime reads it, without a DOM: which lv-* binding an action hits,
 * what it sends, and a form's fields as a payload. `@kinetic/client` runs it on the
 * browser's elements and `@kinetic/testing` on its parsed HTML, so they cannot disagree.
 * @example
 * const binding = clickBinding(event.target); // the closest lv-click
 * if (binding) send(binding.event, binding.payload(), targetOf(binding.el));
 */

/** Which binding an action hits, and what it sends. */
export type { Binding, RateLimit, SerializeForm } from './bindings.js';
export {
  changeBinding,
  clickBinding,
  focusBinding,
  inputBinding,
  keyBinding,
  keyMatches,
  linkOf,
  rateLimitOf,
  submitBinding,
  targetOf,
  windowFocusBindings,
  windowKeyBindings,
} from './bindings.js';
/** What binding resolution reads of an element, and helpers over it. */
export type { PageElement, PageField } from './element.js';
export { closestWhere, isField, tagOf } from './element.js';
/** Form fields as event payloads, by the browser's FormData rules. */
export type { FormEntry, Payload } from './form.js';
export { fieldValue, formEntries, isDisabled, payloadOf, valuesOf } from './form.js';
/** Which fields of an lv-form form the user has used. */
export { UsedFields } from './used.js';
