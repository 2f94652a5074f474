import { badName } from './errors.js';

/** One name in the spellings generated code needs: `UserCard`, `userCard`, `user-card`. */
export interface Names {
  /** PascalCase: types, views, components. */
  readonly pascal: string;
  /** camelCase: values and functions. */
  readonly camel: string;
  /** kebab-case: files and URLs. */
  readonly kebab: string;
  /** Words for people: "user card". */
  readonly human: string;
  /** The plural of each spelling: `UserCards`, `userCards`, `user-cards`, "user cards". */
  readonly plural: {
    readonly pascal: string;
    readonly camel: string;
    readonly kebab: string;
    readonly human: string;
  };
}

// Words a generated identifier may not be (JavaScript reserved words and a few globals
// generated code relies on).
const RESERVED = new Set(
  (
    'await break case catch class const continue debugger default delete do else enum export ' +
    'extends false finally for function if implements import in instanceof interface let new null ' +
    'package private protected public return static super switch this throw true try typeof var ' +
    'void while with yield arguments eval undefined object string number boolean symbol app html ' +
    'routes layout'
  ).split(' '),
);

/**
 * Splits a name given on the command line into words: `UserCard`, `userCard`, `user-card`,
 * `user_card` all give ["user", "card"]. Throws KN_ERR_CLI_BAD_NAME for anything else.
 */
export function wordsOf(kind: string, raw: string): string[] {
  const name = raw.trim();
  if (name === '') throw badName(kind, raw, 'it is empty');
  if (!/^[A-Za-z]/.test(name)) throw badName(kind, raw, 'it must start with a letter');
  if (!/^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*$/.test(name)) {
    throw badName(kind, raw, 'use letters and digits, optionally separated by "-" or "_"');
  }
  if (name.length > 60) throw badName(kind, raw, 'it is longer than 60 characters');
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .map((word) => word.toLowerCase());
}

const upper = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function spell(words: readonly string[]) {
  const pascal = words.map(upper).join('');
  return {
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    kebab: words.join('-'),
    human: words.join(' '),
  };
}

/** English plural of a word, good enough for resource names (post → posts, category → categories). */
export function pluralize(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** All spellings of a generator's NAME argument; bad names throw KN_ERR_CLI_BAD_NAME. */
export function namesOf(kind: string, raw: string): Names {
  const words = wordsOf(kind, raw);
  const one = spell(words);
  if (RESERVED.has(one.camel.toLowerCase())) {
    throw badName(kind, raw, `"${one.camel}" is a reserved word in generated code`);
  }
  const last = words[words.length - 1] as string;
  const many = spell([...words.slice(0, -1), pluralize(last)]);
  return { ...one, plural: many };
}

/**
 * Checks a project (npm package) name: lowercase, URL-safe, at most 214 characters, an
 * optional @scope. Returns the name; throws KN_ERR_CLI_BAD_NAME with the rule it breaks.
 */
export function checkProjectName(name: string): string {
  if (name === '') throw badName('project', name, 'it is empty');
  if (name.length > 214) throw badName('project', name, 'it is longer than 214 characters');
  if (name !== name.toLowerCase())
    throw badName('project', name, 'npm package names are lowercase');
  if (!/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name)) {
    throw badName(
      'project',
      name,
      'use lowercase letters, digits, "-", "." or "_", starting with a letter or digit',
    );
  }
  return name;
}

/**
 * A valid package name from a folder name: "My App!" gives "my-app". Every run of characters
 * npm does not allow becomes one "-", and none is left at either end.
 */
export function toProjectName(folder: string): string {
  return (
    folder
      .toLowerCase()
      .replace(/[^a-z0-9._~]+/g, '-')
      .replace(/^[-._~]+|[-._~]+$/g, '')
      .slice(0, 214)
      .replace(/[-._~]+$/, '') || 'kinetic-app'
  );
}
