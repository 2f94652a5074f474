// An honest user among the attackers: a LiveClient on /counter clicking `inc`, one click
// at a time, who must see every click counted once.
import { LiveClient, loadPage, type TransportName } from '../live-client.js';

/** How long one click may wait for its answer before the run counts it as lost. */
const CLICK_TIMEOUT_MS = 20_000;

export class HonestClicker {
  clicks = 0;

  private constructor(readonly client: LiveClient) {}

  static async join(base: string, transport: TransportName): Promise<HonestClicker> {
    const page = await loadPage(base, '/counter');
    const client = new LiveClient(base, transport, page.cookie);
    await client.connect();
    const reply = await client.join(page, 1, '/counter');
    if (reply[0] !== 'r') throw new Error(`the honest ${transport} join failed: ${String(reply)}`);
    return new HonestClicker(client);
  }

  get transport(): TransportName {
    return this.client.transport;
  }

  /** Clicks `inc` and waits for the answer. */
  async click(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const lost = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`honest ${this.transport} click ${this.clicks + 1} got no answer in 20 s`),
          ),
        CLICK_TIMEOUT_MS,
      );
    });
    try {
      const reply = await Promise.race([this.client.event(1, 'inc'), lost]);
      if (reply[0] !== 'r') {
        throw new Error(`honest ${this.transport} click refused: ${JSON.stringify(reply)}`);
      }
      this.clicks++;
    } finally {
      clearTimeout(timer);
    }
  }

  /** What the user sees, and whether every request was answered exactly once. */
  get outcome() {
    const counts = [...this.client.replies.values()];
    return {
      transport: this.transport,
      clicks: this.clicks,
      shows: /<b>(\d+)<\/b>/.exec(this.client.html(1))?.[1] ?? '?',
      exact: this.client.html(1).includes(`<b>${this.clicks}</b>`),
      answered: this.client.replies.size,
      answeredTwice: counts.filter((n) => n !== 1).length,
      unanswered: this.client.unanswered,
    };
  }

  close(): void {
    this.client.kill();
  }
}
