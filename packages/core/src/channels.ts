import type { Logger } from './logger.js';
import { Presence, type PresenceAdapter } from './presence.js';
import { PubSub, type PubSubAdapter } from './pubsub.js';

/** How an app's pubsub and presence are built. */
export interface ChannelOptions {
  /** Carries broadcasts between processes; in memory (one process) by default. */
  readonly pubsub?: PubSubAdapter | undefined;
  /** Keeps presence across processes; in memory (one process) by default. */
  readonly presence?: PresenceAdapter | undefined;
  /** Largest broadcast message, encoded. Default 256 KiB. */
  readonly maxBroadcastBytes?: number | undefined;
  readonly log: Logger;
  /** Told of each broadcast this process sends: topic, bytes, the sending view's name. */
  readonly sent?: (topic: string, bytes: number, view: string | undefined) => void;
}

/** An app's pubsub and the presence built on it: what views' sockets use. */
export class LiveChannels {
  readonly pubsub: PubSub;
  readonly presence: Presence;

  constructor(options: ChannelOptions) {
    this.pubsub = new PubSub({
      adapter: options.pubsub,
      maxBroadcastBytes: options.maxBroadcastBytes,
      log: options.log,
      sent: options.sent,
    });
    this.presence = new Presence(this.pubsub, options.presence, options.log);
  }

  async close(): Promise<void> {
    await this.presence.close();
    await this.pubsub.close();
  }
}
