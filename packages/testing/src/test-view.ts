import type { Assigns, Flash } from '@kinetic/core';
import {
  type Action,
  changeActions,
  clickActions,
  type FieldValue,
  focusActions,
  inputActions,
  keyActions,
  submitActions,
} from './bindings.js';
import type { ClientState, PushedEvent } from './client-state.js';
import type { Dom } from './dom.js';
import type { Reconnected, ReconnectOptions, ViewDriver } from './driver.js';
import { closed, unsupported, waitTimedOut } from './errors.js';
import type { FormValues, Payload } from './form.js';
import { DomQueries } from './queries.js';

/** Options of waitFor. */
export interface WaitForOptions {
  /** Give up after this many ms (default 2000). */
  readonly timeout?: number;
}

/**
 * A live view under test: what its user sees (queries), what its user does (interactions,
 * all async), and what the view did (pushed events, redirects, patches). Made by `mount()`
 * or `live()`; both offer the same API. `A` and `Info` are the view's assigns and message
 * types, so `assigns` and `sendInfo` are typed like the view.
 */
export class TestView<A extends Assigns = Assigns, Info = unknown> extends DomQueries {
  private ended = false;

  constructor(
    private readonly driver: ViewDriver,
    private readonly state: ClientState,
  ) {
    super();
  }

  protected get dom(): Dom {
    return this.state.dom;
  }

  // What the view did.

  /** The view's assigns on the server, after the last step. */
  get assigns(): Readonly<A> {
    return this.instance('assigns').socket.assigns as Readonly<A>;
  }

  /** The flash messages the view has set (`putFlash`), by kind. */
  get flash(): Flash {
    return this.instance('flash').socket.flash;
  }

  /** The page title, as the browser shows it. */
  get title(): string | undefined {
    return this.state.title;
  }

  /** The address bar: the page URL, moved by patches. */
  get url(): string {
    return this.state.url.href;
  }

  /** Every event the view pushed to client hooks (socket.pushEvent), oldest first. */
  get pushedEvents(): readonly PushedEvent[] {
    return this.state.pushedEvents;
  }

  /** Where the view last sent the browser with socket.redirect (a full page load). */
  get redirectedTo(): string | undefined {
    return this.state.lastGoto('r');
  }

  /** The URL the view last patched to with socket.patchURL (handleParams ran). */
  get patchedTo(): string | undefined {
    return this.state.lastGoto('p');
  }

  /** The URL the view last asked to navigate to with socket.navigate. Follow it with navigate(). */
  get navigatedTo(): string | undefined {
    return this.state.lastGoto('n');
  }

  /** Errors the view reported outside any interaction (a timer's handleInfo threw, ...). */
  get errors(): readonly Error[] {
    return this.state.errors;
  }

  // What the user does.

  /**
   * Clicks the one element `selector` matches: its (closest) lv-click with lv-value-* as the
   * payload and lv-target, an lv-patch/lv-navigate link, or a submit button.
   * @example await view.click('button[aria-label=inc]')
   */
  click(selector: string): Promise<void> {
    return this.perform(() => clickActions(this.dom, selector));
  }

  /**
   * The user changed fields: on a form with lv-change, every field as the DOM has it with
   * `values` on top, and `_target` (the first key of `values`, or `options.target`); on a
   * field, that field's new value, as its form's lv-change (or its own) sends it.
   * @example await view.change('form', { q: 'rust' })
   */
  change(
    selector: string,
    values?: FormValues | FieldValue,
    options: { target?: string } = {},
  ): Promise<void> {
    return this.perform(() => changeActions(this.dom, selector, values, options.target));
  }

  /** The user typed `value` into a field: its lv-input, then its form's lv-change. */
  input(selector: string, value: string): Promise<void> {
    return this.perform(() => inputActions(this.dom, selector, value));
  }

  /**
   * Submits the form `selector` matches (or the form of a submit button, which then counts
   * as the submitter), with `values` on top of the DOM's fields.
   * @example await view.submit('#new-post', { title: 'Milk' })
   */
  submit(selector: string, values: FormValues = {}): Promise<void> {
    return this.perform(() => submitActions(this.dom, selector, values));
  }

  /**
   * Presses `key` on an element (lv-keydown, honouring lv-key), then on the window
   * (lv-window-keydown). `selector` 'window' presses it on the window only. `value` is what
   * the field holds, when the user typed into it first.
   */
  keydown(selector: string, key: string, options: { value?: string } = {}): Promise<void> {
    return this.perform(() => keyActions(this.dom, 'keydown', selector, key, options.value));
  }

  /** Releases `key`; see keydown. */
  keyup(selector: string, key: string, options: { value?: string } = {}): Promise<void> {
    return this.perform(() => keyActions(this.dom, 'keyup', selector, key, options.value));
  }

  /** Focuses an element with lv-focus ('window': lv-window-focus). */
  focus(selector: string, options: { value?: string } = {}): Promise<void> {
    return this.perform(() => focusActions(this.dom, 'focus', selector, options.value));
  }

  /** Moves focus away from an element with lv-blur ('window': lv-window-blur). */
  blur(selector: string, options: { value?: string } = {}): Promise<void> {
    return this.perform(() => focusActions(this.dom, 'blur', selector, options.value));
  }

  /** A URL change within the view (an lv-patch link, back/forward): handleParams runs. */
  patch(url: string): Promise<void> {
    return this.perform(() => [{ kind: 'patch', url }]);
  }

  /** Live navigation to `url` (an lv-navigate link): the page's view is replaced. */
  navigate(url: string): Promise<void> {
    return this.perform(() => [{ kind: 'navigate', url }]);
  }

  /** What a client hook's `this.pushEvent(event, payload)` sends; resolves with the handler's reply. */
  pushEvent(
    event: string,
    payload: Payload = {},
    options: { target?: string } = {},
  ): Promise<unknown> {
    return this.guard(() => this.driver.event(event, payload, options.target));
  }

  /** Delivers `message` to the view's handleInfo, as a timer, pubsub or component would. */
  sendInfo(message: Info): Promise<void> {
    return this.guard(() => this.driver.info(message));
  }

  /**
   * mount() only: moves the virtual clock `ms` forward, running sendInfo({after}) and
   * every() timers in order. live() runs on real timers: use waitFor there.
   * @example await view.advanceTimers(3000) // three ticks of every(1000)
   */
  advanceTimers(ms: number): Promise<void> {
    return this.guard(() => this.driver.advance(ms));
  }

  /**
   * Waits until `predicate` holds, re-checking after every change the server sends (a
   * throw counts as false). Rejects when the view reports an error meanwhile, or on timeout.
   * @example await view.waitFor(() => view.text('#ticks') === '2')
   */
  waitFor(predicate: () => boolean, options: WaitForOptions = {}): Promise<void> {
    const timeout = options.timeout ?? 2000;
    const errorsBefore = this.state.errors.length;
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let lastError: unknown;
      const finish = (error?: Error) => {
        clearTimeout(timer);
        stop();
        if (error === undefined) resolve();
        else reject(error);
      };
      const check = () => {
        const failure = this.state.errors[errorsBefore];
        if (failure !== undefined) return finish(failure);
        try {
          if (predicate()) return finish();
        } catch (error) {
          lastError = error;
        }
      };
      const stop = this.state.onChange(check);
      timer = setTimeout(() => {
        const error = waitTimedOut(timeout, this.dom.innerHtml());
        if (lastError !== undefined) (error as { cause?: unknown }).cause = lastError;
        finish(error);
      }, timeout);
      check();
    });
  }

  /**
   * live() only: drops the connection, as a network blip does, and reconnects with the
   * session's id, ack and key, as the browser does. Resolves once the tab is up to date:
   * `resumed` says the server kept the session (the view kept its state, nothing mounted
   * again, missed updates replayed); otherwise the tab joined a new session, as a browser would.
   * `offlineMs` keeps the tab offline that long first.
   * @example
   * const { resumed } = await view.reconnect({ offlineMs: 1500 });
   * expect(resumed).toBe(true);
   */
  reconnect(options: ReconnectOptions = {}): Promise<Reconnected> {
    return this.guard(() => this.driver.reconnect(options));
  }

  /** Ends the view (terminate runs) and closes what the test opened. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.driver.close();
  }

  private instance(what: string) {
    const instance = this.driver.instance;
    if (instance === undefined) {
      throw unsupported(what, 'this app’s runtime does not let a test reach the joined view');
    }
    return instance;
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    if (this.ended) throw closed();
    return run();
  }

  /** Resolves bindings now, from the current DOM, then sends each action in order. */
  private perform(resolve: () => Action[]): Promise<void> {
    return this.guard(async () => {
      for (const action of resolve()) {
        if (action.kind === 'event')
          await this.driver.event(action.event, action.payload, action.target);
        else {
          const url = new URL(action.url, this.state.url);
          await (action.kind === 'patch' ? this.driver.patch(url) : this.driver.navigate(url));
        }
      }
    });
  }
}
