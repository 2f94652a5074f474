import { channel } from 'node:diagnostics_channel';
import type { KineticError } from './errors.js';

/**
 * The diagnostics channel on which a view's failures are published: `kinetic dev` shows
 * them in its error overlay, monitoring can count them. Publishing costs nothing when
 * nobody subscribes.
 */
export const VIEW_ERROR_CHANNEL = 'kinetic:view-error';

/** What is published on VIEW_ERROR_CHANNEL. `error.cause` holds the view's own exception. */
export interface ViewErrorMessage {
  readonly view: string;
  readonly phase: 'mount' | 'render' | 'handler';
  readonly error: KineticError;
}

const viewErrors = channel(VIEW_ERROR_CHANNEL);
/** A render failure inside a handler's step is published by render(); the step does not repeat it. */
const published = new WeakSet<KineticError>();

export function publishViewError(message: ViewErrorMessage): void {
  if (!viewErrors.hasSubscribers || published.has(message.error)) return;
  published.add(message.error);
  viewErrors.publish(message);
}
