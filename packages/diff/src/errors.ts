/**
 * The error catalog of @kinetic/diff. Every error the package throws is created here,
 * carries a stable code, says what happened and what to do.
 */
export type DiffErrorCode =
  | 'KN_ERR_TEMPLATE_UNSAFE_SLOT'
  | 'KN_ERR_TEMPLATE_UNSAFE_URL'
  | 'KN_ERR_TEMPLATE_UNSAFE_STYLE'
  | 'KN_ERR_TEMPLATE_BAD_VALUE'
  | 'KN_ERR_TEMPLATE_DUPLICATE_KEY'
  | 'KN_ERR_PATCH_MISMATCH'
  | 'KN_ERR_WIRE_MALFORMED'
  | 'KN_ERR_WIRE_UNKNOWN_STATICS';

export class KineticDiffError extends Error {
  readonly code: DiffErrorCode;
  constructor(code: DiffErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'KineticDiffError';
    this.code = code;
  }
}

const where = (location: string | undefined) => (location ? ` in the template at ${location}` : '');

export const unsafeSlot = (place: string, location: string | undefined) =>
  new KineticDiffError(
    'KN_ERR_TEMPLATE_UNSAFE_SLOT',
    `a dynamic value sits ${place}${where(location)}. Values there could run script or change ` +
      `the markup's structure, so Kinetic refuses them. Move the value into text or a plain ` +
      `attribute value, or build the markup statically.`,
  );

export const unsafeUrl = (attribute: string, location: string | undefined) =>
  new KineticDiffError(
    'KN_ERR_TEMPLATE_UNSAFE_URL',
    `the value of "${attribute}"${where(location)} is a javascript:, vbscript: or data:text/html ` +
      `URL, which would run script when followed. Use an http(s) or relative URL, or an ` +
      `lv-click binding for behaviour.`,
  );

export const unsafeStyle = (attribute: string, location: string | undefined) =>
  new KineticDiffError(
    'KN_ERR_TEMPLATE_UNSAFE_STYLE',
    `the value of "${attribute}"${where(location)} holds CSS that could run script or load a ` +
      `non-web URL: expression(), javascript: or vbscript:, behavior, -moz-binding, or url() ` +
      `with a scheme other than http, https or data:image/. Pass plain property values ` +
      `(colors, lengths, http(s) or relative image URLs), or write the CSS statically.`,
  );

export const badValue = (what: string, place: string, location: string | undefined) =>
  new KineticDiffError(
    'KN_ERR_TEMPLATE_BAD_VALUE',
    `${what} cannot be used ${place}${where(location)}. Text positions take strings, numbers, ` +
      `templates, lists and raw(); attribute values take strings, numbers and booleans; the ` +
      `attribute-list position of a tag takes attrs({...}).`,
  );

export const patchMismatch = (detail: string) =>
  new KineticDiffError(
    'KN_ERR_PATCH_MISMATCH',
    `the patch does not fit the tree it is applied to (${detail}). The client's cached tree ` +
      `is out of step with the server; rejoin to receive a full render.`,
  );

export const wireMalformed = (detail: string) =>
  new KineticDiffError(
    'KN_ERR_WIRE_MALFORMED',
    `the wire form is malformed (${detail}). Only decode what encodeTree/encodePatch produced.`,
  );

export const unknownStatics = (fingerprint: string) =>
  new KineticDiffError(
    'KN_ERR_WIRE_UNKNOWN_STATICS',
    `the wire form references template "${fingerprint}" whose statics this side never received. ` +
      `The statics cache was reset or the sides are out of step; rejoin to receive a full render.`,
  );

export const duplicateKey = (key: string, location: string | undefined) =>
  new KineticDiffError(
    'KN_ERR_TEMPLATE_DUPLICATE_KEY',
    `two items of an each() list${where(location)} have the key "${key}". Keys identify rows across renders, so ` +
      `each must be unique within its list: key by a stable id, not by a display value.`,
  );
