import { attr, type Dom, outerHtml, readableText } from './dom.js';

/** What `has()` can ask of the elements a selector matches. */
export interface HasOptions {
  /** Text the element shows (whitespace collapsed): contained, or matched by a RegExp. */
  readonly text?: string | RegExp;
}

/**
 * Read-only questions about rendered HTML, asked with CSS selectors: the part of the API
 * shared by live views under test and rendered function components.
 */
export abstract class DomQueries {
  /** The DOM as it is now. */
  protected abstract get dom(): Dom;

  /**
   * The HTML the user's browser has: the view's content (inside its root element), or the
   * outer HTML of the one element `selector` matches.
   * @example expect(view.html()).toContain('<output id="count">2</output>')
   */
  html(selector?: string): string {
    return selector === undefined ? this.dom.innerHtml() : outerHtml(this.dom.one(selector));
  }

  /**
   * The text a user reads, whitespace collapsed: of the whole view, or of the one element
   * `selector` matches.
   * @example expect(view.text('#count')).toBe('2')
   */
  text(selector?: string): string {
    return readableText(selector === undefined ? this.dom.root : this.dom.one(selector));
  }

  /**
   * Whether some element matches `selector` (and shows `text`, when given).
   * @example expect(view.has('li', { text: 'Rust' })).toBe(true)
   */
  has(selector: string, options: HasOptions = {}): boolean {
    const { text } = options;
    return this.dom.all(selector).some((el) => {
      if (text === undefined) return true;
      const shown = readableText(el);
      return typeof text === 'string' ? shown.includes(text) : text.test(shown);
    });
  }

  /** How many elements match `selector`. */
  count(selector: string): number {
    return this.dom.all(selector).length;
  }

  /**
   * An attribute of the one element `selector` matches; undefined when it is absent.
   * @example expect(view.attr('button[lv-click=reset]', 'disabled')).toBe('')
   */
  attr(selector: string, name: string): string | undefined {
    return attr(this.dom.one(selector), name.toLowerCase());
  }
}
