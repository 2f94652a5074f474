import { unsafeSlot } from './errors.js';
import { ANIMATION_ELEMENTS, isUnsafeValue, type ValueCheck, valueCheckOf } from './escape.js';

/** The static parts of a template, shared by every render of its call site. */
export interface Statics {
  /** A stable hash of the statics: the same template gets the same fingerprint in every process. */
  readonly fp: string;
  readonly statics: readonly string[];
}

/** Where a dynamic value sits in the markup, which decides how it is escaped. */
export type Slot =
  | { readonly kind: 'text' }
  | { readonly kind: 'comment' }
  /** Part of a quoted attribute value. */
  | { readonly kind: 'attr'; readonly name: string }
  /** A whole unquoted attribute value (`name=${v}`): false/null drop the attribute, true makes it bare. */
  | {
      readonly kind: 'attribute';
      readonly name: string;
      /** How the value is checked (a URL, a URL list, CSS), if it needs a check. */
      readonly check: ValueCheck | undefined;
      /**
       * String values rendered here and their attribute text (a few, bounded): a call site
       * renders the same values again and again (`lv-click=${event}` in a component used
       * for + and −), and handing the diff the same string object spares building one and
       * comparing it character by character.
       */
      seen?: Map<string, string>;
    }
  /** The attribute list of a tag (`<input ${attrs({...})}>`); the tag decides which names need checks. */
  | { readonly kind: 'tag'; readonly tagName: string };

/**
 * A quoted attribute value that is checked whole when rendered: a URL whose scheme the statics
 * leave open (`href="${a}${b}"`), a URL list, or CSS. The slots' values joined with the static
 * pieces between them must not form a script URL or unsafe CSS: no single slot need hold it.
 */
export interface CheckedValue {
  readonly name: string;
  readonly check: ValueCheck;
  readonly slots: readonly number[];
  /** The static pieces around the slots: one more than `slots`. */
  readonly statics: readonly string[];
}

export interface Template extends Statics {
  readonly slots: readonly Slot[];
  readonly checkedValues: readonly CheckedValue[];
  /** file:line:column of the template's first use, for error messages. */
  readonly location: string | undefined;
}

/** Where the template of `statics` is written, when known (not for decoded statics). */
export const locationOf = (statics: Statics | undefined): string | undefined =>
  (statics as Partial<Template> | undefined)?.location;

const cache = new WeakMap<TemplateStringsArray, Template>();
const byFingerprint = new Map<string, readonly string[]>();
/**
 * Statics made by this module or received from the server. A node whose statics are not
 * here was not built by `html` (say, an object parsed from JSON that mimics one) and is
 * refused as a value: its statics would reach the page unescaped.
 */
const trusted = new WeakSet<Statics>();

/** Marks statics as coming from a template (or from the server, on the receiving side). */
export function trustStatics<T extends Statics>(statics: T): T {
  trusted.add(statics);
  return statics;
}

/** True when `statics` came from `html`, `parseTemplate` or the wire decoder. */
export function isTrustedStatics(statics: unknown): boolean {
  return typeof statics === 'object' && statics !== null && trusted.has(statics as Statics);
}

/** The parsed template of a call site; parsed once, then found by the identity of `strings`. */
export function templateOf(strings: TemplateStringsArray): Template {
  let template = cache.get(strings);
  if (template === undefined) {
    template = parseTemplate(strings, callSite());
    cache.set(strings, template);
  }
  return template;
}

/** Builds the Template for a list of statics, classifying every slot. */
export function parseTemplate(strings: readonly string[], location?: string): Template {
  const statics = [...strings];
  const slots: Slot[] = [];
  const scanner = new Scanner();
  for (let i = 0; i < statics.length - 1; i++) {
    const text = statics[i] as string;
    scanner.scan(text);
    const next = statics[i + 1] as string;
    const slot = scanner.slotHere(i, next, location);
    if (slot.kind === 'attribute') {
      // The attribute's name moves into the slot: the dynamic renders ` name="v"` or nothing.
      statics[i] = text.slice(0, scanner.attributeStart).trimEnd();
      scanner.afterWholeAttribute();
    } else if (slot.kind === 'tag') {
      // Attribute-list dynamics bring their own leading space.
      statics[i] = text.trimEnd();
    }
    slots.push(slot);
  }
  scanner.scan(statics[statics.length - 1] as string);
  scanner.endValue();
  return trustStatics({
    fp: fingerprint(statics),
    statics,
    slots,
    checkedValues: scanner.checkedValues,
    location,
  });
}

/** Statics for templates that do not come from an `html` call site (text items, wrappers). */
export function internalTemplate(statics: readonly string[]): Template {
  return trustStatics({
    fp: fingerprint(statics),
    statics,
    slots: statics.slice(1).map(() => ({ kind: 'text' }) as const),
    checkedValues: [],
    location: undefined,
  });
}

function fingerprint(statics: readonly string[]): string {
  // FNV-1a (32 bit) over the statics with a separator that cannot occur in source text.
  let hash = 0x811c9dc5;
  for (const part of statics) {
    for (let i = 0; i < part.length; i++) {
      hash ^= part.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0xffff;
    hash = Math.imul(hash, 0x01000193);
  }
  const base = (hash >>> 0).toString(36);
  // Two different templates with one hash would corrupt client caches: disambiguate.
  let fp = base;
  for (let n = 2; ; n++) {
    const known = byFingerprint.get(fp);
    if (known === undefined) {
      byFingerprint.set(fp, statics);
      return fp;
    }
    if (sameStatics(known, statics)) return fp;
    fp = `${base}_${n}`;
  }
}

function sameStatics(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The engine's own frames between `html` and its caller: this file and html.{ts,js}. */
const ENGINE_FILE = /\/(?:template|html)\.[cm]?[jt]s(?:\?[^/]*)?$/;

function callSite(): string | undefined {
  const stack = new Error().stack;
  if (stack === undefined) return undefined;
  const frames = stack.split('\n').slice(1);
  const own = fileOf(frames[0]);
  const ownDir = own?.slice(0, own.lastIndexOf('/'));
  for (const frame of frames) {
    const file = fileOf(frame);
    if (file === undefined || file === own) continue;
    // Only the engine's files are skipped, not its whole folder: tests live beside them.
    if (ownDir !== undefined && file.startsWith(`${ownDir}/`) && ENGINE_FILE.test(file)) continue;
    const match = /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(frame);
    return match?.[1]?.replace(/^file:\/\//, '');
  }
  return undefined;
}

function fileOf(frame: string | undefined): string | undefined {
  const match = frame && /\(?((?:file:\/\/)?[^()\s]+):\d+:\d+\)?\s*$/.exec(frame);
  return match ? match[1] : undefined;
}

type State =
  | 'text'
  | 'comment'
  | 'tagOpen'
  | 'tagName'
  | 'inTag'
  | 'attrName'
  | 'afterAttrName'
  | 'beforeValue'
  | 'valueDouble'
  | 'valueSingle'
  | 'valueUnquoted'
  | 'rawText';

/** A static URL start that leaves no room for a script scheme: a path, or a safe scheme. */
const SCHEME_FIXED = /^\s*(?:[^:&\s]*[/?#]|(?:https?|mailto|tel|ftp|wss?):)/i;

const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);
const SPACE = /\s/;

/** A small HTML tokenizer that tracks, across statics, where each dynamic value lands. */
class Scanner {
  state: State = 'text';
  tagName = '';
  closingTag = false;
  attrName = '';
  attrValue = '';
  /** Index in the current static where the current attribute (with its leading space) began. */
  attributeStart = 0;
  /** Slots inside the current quoted attribute value, when it needs a check. */
  valueSlots: number[] = [];
  valueCheck: ValueCheck | undefined;
  readonly checkedValues: CheckedValue[] = [];

  scan(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      switch (this.state) {
        case 'text':
          if (ch === '<') {
            if (text.startsWith('!--', i + 1)) {
              this.state = 'comment';
              i += 3;
            } else if (/[a-zA-Z/]/.test(text[i + 1] ?? '') || i + 1 === text.length) {
              this.state = 'tagOpen';
            }
          }
          break;
        case 'comment':
          if (ch === '-' && text.startsWith('->', i + 1)) {
            this.state = 'text';
            i += 2;
          }
          break;
        case 'tagOpen':
          this.closingTag = ch === '/';
          this.tagName = ch === '/' ? '' : ch.toLowerCase();
          this.state = 'tagName';
          break;
        case 'tagName':
          if (SPACE.test(ch) || ch === '/') this.state = 'inTag';
          else if (ch === '>') this.endTag();
          else this.tagName += ch.toLowerCase();
          break;
        case 'inTag':
          if (ch === '>') this.endTag();
          else if (!SPACE.test(ch) && ch !== '/') this.startAttribute(text, i, ch);
          break;
        case 'attrName':
          if (ch === '=') this.state = 'beforeValue';
          else if (SPACE.test(ch)) this.state = 'afterAttrName';
          else if (ch === '>') this.endTag();
          else if (ch === '/') this.state = 'inTag';
          else this.attrName += ch.toLowerCase();
          break;
        case 'afterAttrName':
          if (ch === '=') this.state = 'beforeValue';
          else if (ch === '>') this.endTag();
          else if (!SPACE.test(ch) && ch !== '/') this.startAttribute(text, i, ch);
          break;
        case 'beforeValue':
          this.attrValue = '';
          this.valueSlots = [];
          this.valueCheck = undefined;
          if (ch === '"') this.state = 'valueDouble';
          else if (ch === "'") this.state = 'valueSingle';
          else if (ch === '>') this.endTag();
          else if (!SPACE.test(ch)) {
            this.attrValue = ch;
            this.state = 'valueUnquoted';
          }
          break;
        case 'valueDouble':
        case 'valueSingle':
          if (ch === (this.state === 'valueDouble' ? '"' : "'")) {
            this.endValue();
            this.state = 'inTag';
          } else this.attrValue += ch;
          break;
        case 'valueUnquoted':
          if (SPACE.test(ch)) this.state = 'inTag';
          else if (ch === '>') this.endTag();
          else this.attrValue += ch;
          break;
        case 'rawText': {
          const close = `</${this.tagName}`;
          if (ch === '<' && text.slice(i, i + close.length).toLowerCase() === close) {
            this.state = 'inTag';
            this.closingTag = true;
            i += close.length - 1;
          }
          break;
        }
      }
    }
  }

  slotHere(index: number, next: string, location: string | undefined): Slot {
    const name = this.attrName;
    switch (this.state) {
      case 'text':
        return { kind: 'text' };
      case 'comment':
        return { kind: 'comment' };
      case 'rawText':
        throw unsafeSlot(`inside a <${this.tagName}> element`, location);
      case 'tagOpen':
      case 'tagName':
        throw unsafeSlot('in a tag name', location);
      case 'inTag':
      case 'afterAttrName':
        if (/^\s*=/.test(next)) throw unsafeSlot('in an attribute name', location);
        return { kind: 'tag', tagName: this.tagName };
      case 'attrName':
        throw unsafeSlot(`inside the attribute name "${name}"`, location);
      case 'valueUnquoted':
        throw unsafeSlot(
          `inside the unquoted value of "${name}" (quote the value: ${name}="...")`,
          location,
        );
      case 'beforeValue':
        if (next !== '' && !/^[\s>]|^\/>/.test(next)) {
          throw unsafeSlot(
            `inside the unquoted value of "${name}" (quote the value: ${name}="...")`,
            location,
          );
        }
        this.checkAttributeName(name, location);
        return { kind: 'attribute', name, check: valueCheckOf(this.tagName, name) };
      case 'valueDouble':
      case 'valueSingle': {
        this.checkAttributeName(name, location);
        const check = valueCheckOf(this.tagName, name);
        if (check !== undefined) {
          // Statics before the first slot that are unsafe already stay unsafe whatever follows.
          // Later slots are judged with their values, when the whole value is checked.
          if (this.valueSlots.length === 0 && isUnsafeValue(check, this.attrValue)) {
            const what = check === 'style' ? 'unsafe CSS' : 'the script URL';
            throw unsafeSlot(`inside ${what} of "${name}"`, location);
          }
          this.valueCheck = check;
          this.valueSlots.push(index);
        }
        this.attrValue += '\u0000';
        return { kind: 'attr', name };
      }
    }
  }

  /**
   * Closes a quoted value. A checked value with slots is checked whole at render time: split
   * values such as `${scheme}:${rest}` could otherwise spell javascript: with no single slot
   * holding it. A single URL whose statics fix the scheme first (`/users/${id}`,
   * `https://${host}`) needs no check; a URL list or CSS can start a new URL anywhere.
   */
  endValue(): void {
    const slots = this.valueSlots;
    const check = this.valueCheck;
    if (slots.length === 0 || check === undefined) return;
    this.valueSlots = [];
    this.valueCheck = undefined;
    const statics = this.attrValue.split('\u0000');
    if (check === 'url' && SCHEME_FIXED.test(statics[0] as string)) return;
    this.checkedValues.push({ name: this.attrName, check, slots, statics });
  }

  afterWholeAttribute(): void {
    this.state = 'inTag';
  }

  private checkAttributeName(name: string, location: string | undefined): void {
    if (name.startsWith('on'))
      throw unsafeSlot(`in the event-handler attribute "${name}"`, location);
    if (name === 'srcdoc')
      throw unsafeSlot('in the "srcdoc" attribute (an HTML document)', location);
    // attributeName picks what the animation writes: a value could aim it at href.
    if (name === 'attributename' && ANIMATION_ELEMENTS.has(this.tagName)) {
      throw unsafeSlot(
        `in "attributeName" of <${this.tagName}> (it picks the attribute the animation sets, href included)`,
        location,
      );
    }
  }

  private startAttribute(text: string, i: number, ch: string): void {
    this.state = 'attrName';
    this.attrName = ch.toLowerCase();
    let start = i;
    while (start > 0 && SPACE.test(text[start - 1] as string)) start--;
    this.attributeStart = start;
  }

  private endTag(): void {
    this.state = !this.closingTag && RAW_TEXT_ELEMENTS.has(this.tagName) ? 'rawText' : 'text';
  }
}
