/**
 * What the dev server tells the browser over its event stream (`kinetic dev` only). One
 * typed union, switched over exhaustively by the dev client.
 */
export type DevMessage =
  /** A stylesheet was rebuilt: re-fetch the <link> whose path is `href`, no reload. */
  | { readonly type: 'css'; readonly href: string }
  /** Something failed: show the overlay. */
  | { readonly type: 'error'; readonly error: DevError }
  /** The failure is fixed: hide the overlay (an error page reloads). */
  | { readonly type: 'clear' }
  /**
   * The app was rebuilt and restarted: hide the overlay; live views re-join by themselves,
   * and a page whose layout changed reloads (its views keep their state).
   */
  | { readonly type: 'restarted' }
  /** A change the page cannot take in place: reload it. */
  | { readonly type: 'reload' };

/** A failure as the overlay shows it. */
export interface DevError {
  /** Where it happened: the build, or a view's mount/render/handler, or the app's start. */
  readonly phase: 'build' | 'mount' | 'render' | 'handler' | 'startup';
  readonly message: string;
  /** The source file at fault, relative to the app's root, when known. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** A few source lines around the fault, the faulty one marked. */
  readonly frame?: string;
  /** The view at fault, for view failures. */
  readonly view?: string;
}

/** Where the dev server serves its own endpoints, beside the app's routes. */
export const DEV_PREFIX = '/__kinetic/dev';
