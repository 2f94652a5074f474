/**
 * Messages between the dev server and the app process it runs (over Node's IPC channel).
 * One union per direction, switched over exhaustively on each side.
 */

/** Dev server → app. */
export type ToApp =
  /** Write every live view's assigns to `file`, then answer `saved`. */
  | { readonly type: 'snapshot'; readonly file: string }
  /** Close the app and exit: a new process takes over. */
  | { readonly type: 'close' };

/** App → dev server. */
export type FromApp =
  /** The app's Fastify server listens on `port` (127.0.0.1). */
  | { readonly type: 'listening'; readonly port: number }
  /** The snapshot is written: how many views, and which views' state could not be copied. */
  | { readonly type: 'saved'; readonly views: number; readonly skipped: readonly string[] }
  /** A view failed (its mount, render or a handler). */
  | {
      readonly type: 'view-error';
      readonly view: string;
      readonly phase: 'mount' | 'render' | 'handler';
      readonly message: string;
      /** The KN_ERR_* code of the failure. */
      readonly code: string;
      /** The view's own exception's stack, source-mapped: where the fault is. */
      readonly stack: string | undefined;
    }
  /**
   * A view rendered through @kinetic/core's JSX fallback (`jsx`/`jsxs`), that is without
   * @kinetic/jsx's compile step. Sent once per process.
   */
  | { readonly type: 'jsx-fallback' };

/** Environment variables the dev server sets for the app process. */
export const ENV = {
  /** A snapshot file to restore views' state from, written by the previous process. */
  state: 'KINETIC_DEV_STATE',
  /** Set to "1" in the app process of `kinetic dev`. */
  dev: 'KINETIC_DEV',
} as const;
