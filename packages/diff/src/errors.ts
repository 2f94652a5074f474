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

/**
 * When each code happens and what to do about it: the source of docs/errors.md
 * (`pnpm docs:errors` regenerates it). Nothing imports it at run time, so bundles leave it out.
 */
export const DIFF_ERRORS = {
  KN_ERR_TEMPLATE_UNSAFE_SLOT: {
    when: 'A template puts a dynamic value where it could run script or change the markup: a tag or attribute name, inside a `<script>`, `<style>` or similar element, an `on*` event-handler or `srcdoc` attribute.',
    fix: 'Move the value into text or a plain attribute value, or write that part of the markup statically.',
  },
  KN_ERR_TEMPLATE_UNSAFE_URL: {
    when: 'A URL attribute (href, src, action, formaction, ...) gets a javascript:, vbscript: or data:text/html value.',
    fix: 'Use an http(s) or relative URL; for behaviour, use an lv-click binding.',
  },
  KN_ERR_TEMPLATE_UNSAFE_STYLE: {
    when: 'A style value holds CSS that could run script or load a non-web URL: expression(), javascript:, behavior, -moz-binding, or url() with a scheme other than http(s) or data:image/.',
    fix: 'Pass plain property values (colors, lengths, http(s) or relative image URLs), or write the CSS statically.',
  },
  KN_ERR_TEMPLATE_BAD_VALUE: {
    when: 'A template slot gets a value it cannot render there: an object or function in text, a template in an attribute value, anything but attrs({...}) in the attribute-list position.',
    fix: 'Text takes strings, numbers, templates, lists and raw(); attribute values take strings, numbers and booleans; the attribute list of a tag takes attrs({...}).',
  },
  KN_ERR_TEMPLATE_DUPLICATE_KEY: {
    when: 'Two items of one each() list render with the same key.',
    fix: 'Key each item by a stable unique id (a database id), not by a display value or a value that can repeat.',
  },
  KN_ERR_PATCH_MISMATCH: {
    when: "applyPatch gets a patch that does not fit the tree it is applied to: the client's cached tree is out of step with the server's.",
    fix: 'Rejoin to get a full render (the browser runtime does this by itself). In your own code, apply patches in order to the tree they were made from.',
  },
  KN_ERR_WIRE_MALFORMED: {
    when: 'decodeTree/decodePatch gets something that is not the wire form encodeTree/encodePatch make.',
    fix: 'Decode only what the encoder produced, unchanged.',
  },
  KN_ERR_WIRE_UNKNOWN_STATICS: {
    when: 'A wire form refers to a template by fingerprint whose statics the decoding side never received (its statics cache was reset, or the sides are out of step).',
    fix: 'Rejoin to get a full render, which resends the statics.',
  },
} as const satisfies Record<DiffErrorCode, { when: string; fix: string }>;

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
