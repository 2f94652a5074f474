import type { Rendered } from '@kinetic/diff';
import { currentScope } from './component.js';
import { componentOutsideRender, duplicateComponent } from './errors.js';
import type { AnyView, SessionData } from './view.js';

/** Options of a nested live view. */
export interface LiveRenderOptions {
  /** The DOM id of its root; unique within the parent view. */
  readonly id: string;
  /** Session data given to its mount (signed into its token). */
  readonly session?: SessionData;
}

/**
 * Renders another live view inside this one. It has its own state, events and timers, joins
 * over the same connection as the page, and the parent's updates never touch its content.
 * The first HTTP render includes its HTML.
 *
 * @example html`<aside>${liveRender(Notifications, { id: 'notifications' })}</aside>`
 */
export function liveRender(view: AnyView, options: LiveRenderOptions): Rendered {
  const scope = currentScope();
  if (scope === undefined) throw componentOutsideRender();
  if (scope.seen.has(options.id)) throw duplicateComponent(options.id, scope.viewName);
  scope.seen.add(options.id);
  return scope.nested(view, options.id, options.session ?? {});
}

/**
 * The JSX form of liveRender(): a nested live view as a tag.
 * @example <LiveRender view={Chat} id="chat" session={{ room: 'lobby' }} />
 */
export function LiveRender(props: { readonly view: AnyView } & LiveRenderOptions): Rendered {
  const { view, ...options } = props;
  return liveRender(view, options);
}
