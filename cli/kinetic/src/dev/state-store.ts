import type { Assigns } from '@kinetic/core';
import type { ViewInstance, ViewStateStore } from '@kinetic/core/runtime';

/**
 * Keeps views' assigns across restarts of the app process in `kinetic dev`, by view token:
 * the old process writes what its live views hold, the new one applies it when the same page
 * re-joins. A saved state stays until its view joins for good, so a render that fails after
 * a restart does not lose it: the next restart carries it on. A token that joins again in
 * the same process (a page reloaded for a changed layout) gets its view's current state.
 */
export class DevStateStore implements ViewStateStore {
  private readonly live = new Map<string, ViewInstance>();

  constructor(private readonly pending = new Map<string, Assigns>()) {}

  saved(token: string): Assigns | undefined {
    // A view that joins again with a token this process already joined (its page reloaded
    // for a changed layout, and handed its old token on) takes the state it has now.
    return this.pending.get(token) ?? this.live.get(token)?.socket.state;
  }

  joined(token: string, instance: ViewInstance): void {
    this.pending.delete(token);
    this.live.set(token, instance);
    // Forget views whose page is gone, so a long session does not pile them up.
    for (const [key, view] of this.live) if (view.terminated) this.live.delete(key);
  }

  /** Every live view's assigns, and the saved ones not re-joined yet, by token. */
  snapshot(): Map<string, { view: string; assigns: Assigns }> {
    const out = new Map<string, { view: string; assigns: Assigns }>();
    for (const [token, assigns] of this.pending) out.set(token, { view: '', assigns });
    for (const [token, instance] of this.live) {
      if (!instance.terminated)
        out.set(token, { view: instance.name, assigns: instance.socket.state });
    }
    return out;
  }
}
