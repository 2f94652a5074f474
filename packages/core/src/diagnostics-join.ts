import { channel } from 'node:diagnostics_channel';
import type { ViewInstance } from './instance.js';

/**
 * The diagnostics channel on which every join of a view is published: in-process harnesses
 * (@kinetic/testing's live()) find the instance a real connection joined, to read its
 * assigns and send it messages. Publishing costs nothing when nobody subscribes.
 */
export const VIEW_JOINED_CHANNEL = 'kinetic:view-joined';

/** What is published on VIEW_JOINED_CHANNEL. */
export interface ViewJoinedMessage {
  /** The runtime the session belongs to (`LiveRuntime.id`): one process may run several. */
  readonly runtime: string;
  /** The DOM id of the view's root element, as the page rendered it. */
  readonly root: string;
  readonly view: string;
  /** The session (browser tab) that joined. */
  readonly sid: string;
  readonly instance: ViewInstance;
}

const viewJoins = channel(VIEW_JOINED_CHANNEL);

export function publishViewJoined(message: ViewJoinedMessage): void {
  if (viewJoins.hasSubscribers) viewJoins.publish(message);
}
