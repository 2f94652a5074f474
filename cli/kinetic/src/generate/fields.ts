import { badField } from '../errors.js';
import { wordsOf } from '../names.js';
import type { Vars } from '../templates.js';

/** The kinds of field a scaffold's resource can have. */
export const FIELD_TYPES = ['string', 'text', 'number', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One field of a scaffolded resource: `title:string`. */
export interface Field {
  /** camelCase, as a property and a form field name. */
  readonly name: string;
  /** For people: "Published at". */
  readonly label: string;
  readonly type: FieldType;
}

/** The fields a scaffold gets when none are given. */
export const DEFAULT_FIELDS = ['name:string'];

/** Parses `name:type` arguments; KN_ERR_CLI_BAD_FIELD for a bad one. */
export function parseFields(specs: readonly string[]): Field[] {
  const fields: Field[] = [];
  for (const spec of specs.length === 0 ? DEFAULT_FIELDS : specs) {
    const [rawName = '', rawType = 'string', ...rest] = spec.split(':');
    if (rest.length > 0) throw badField(spec, 'use one ":" between the name and the type');
    let words: string[];
    try {
      words = wordsOf('field', rawName);
    } catch (error) {
      throw badField(
        spec,
        error instanceof Error ? error.message.replace(/^\w+: /, '') : 'bad name',
      );
    }
    const type = rawType.toLowerCase();
    if (!(FIELD_TYPES as readonly string[]).includes(type)) {
      throw badField(spec, `the type must be one of ${FIELD_TYPES.join(', ')}`);
    }
    const name = words
      .map((word, i) => (i === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
      .join('');
    if (name === 'id') throw badField(spec, 'every resource gets an id already');
    if (fields.some((field) => field.name === name)) throw badField(spec, 'it is given twice');
    const label = words.join(' ');
    fields.push({
      name,
      label: label.charAt(0).toUpperCase() + label.slice(1),
      type: type as FieldType,
    });
  }
  if (fields.every((field) => field.type === 'boolean')) {
    throw badField(specs.join(' '), 'a resource needs at least one string, text or number field');
  }
  return fields;
}

/** Sample values per type: what tests type into the form, and what the store then holds. */
const SAMPLES: Readonly<
  Record<FieldType, { text: string; typed: string; other: [string, string] }>
> = {
  string: { text: "'Sample'", typed: "'Sample'", other: ["'Changed'", "'Changed'"] },
  text: {
    text: "'Some longer text.'",
    typed: "'Some longer text.'",
    other: ["'Changed'", "'Changed'"],
  },
  number: { text: "'42'", typed: '42', other: ["'7'", '7'] },
  boolean: { text: "'true'", typed: 'true', other: ["''", 'false'] },
};

const TS_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'string',
  text: 'string',
  number: 'number',
  boolean: 'boolean',
};

/** How the form check reads each kind of field (a FormCheck method call). */
const CHECKS: Readonly<Record<FieldType, (name: string) => string>> = {
  string: (name) => `text('${name}', 200)`,
  text: (name) => `text('${name}', 10_000)`,
  number: (name) => `number('${name}')`,
  boolean: (name) => `boolean('${name}')`,
};

/** The template variables of one field, for `#each field` blocks. */
export function fieldVars(field: Field): Vars {
  const sample = SAMPLES[field.type];
  return {
    field: field.name,
    label: field.label,
    kind: field.type,
    type: TS_TYPES[field.type],
    check: CHECKS[field.type](field.name),
    sample: sample.typed,
    formText: sample.text,
    // What a test types into the form: a checkbox is checked with `true`.
    formSample: field.type === 'boolean' ? 'true' : sample.text,
  };
}

/** Variables about the field the tests leave blank to see an error: the first required one. */
export function requiredVars(fields: readonly Field[]): Vars {
  const field = fields.find((f) => f.type !== 'boolean') as Field;
  const [text, typed] = SAMPLES[field.type].other;
  return { required: field.name, requiredSample: text, requiredTyped: typed };
}
