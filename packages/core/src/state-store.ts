import type { ViewInstance } from './instance.js';
import type { Assigns } from './view.js';

/**
 * Carries live views' assigns across a restart of the server process, keyed by the view
 * token the browser re-joins with. `kinetic dev` installs one so a view keeps its state when
 * its code is reloaded; without one (the default) a re-join simply mounts again.
 */
export interface ViewStateStore {
  /** Assigns saved for the view rendered with `token`: applied over what mount returned. */
  saved(token: string): Assigns | undefined;
  /** The view rendered with `token` joined; its live state is `instance.socket.state`. */
  joined(token: string, instance: ViewInstance): void;
}
