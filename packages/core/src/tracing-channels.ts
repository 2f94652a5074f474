import { channel, tracingChannel } from 'node:diagnostics_channel';

// The lifecycle on node:diagnostics_channel, for tools that subscribe without a plugin (APMs,
// profilers), the way Fastify publishes `tracing:fastify.request.handler:*`. Steps are
// tracing channels (`tracing:kinetic.view.event:start`, `…:end`, `…:asyncStart`,
// `…:asyncEnd`, `…:error`), each given the step's hook context; moments are plain channels.
// Publishing costs nothing while nobody subscribes.

export const STEP_CHANNELS = {
  mount: tracingChannel('kinetic.view.mount'),
  event: tracingChannel('kinetic.view.event'),
  info: tracingChannel('kinetic.view.info'),
  params: tracingChannel('kinetic.view.params'),
  join: tracingChannel('kinetic.join'),
  render: tracingChannel('kinetic.view.render'),
  diff: tracingChannel('kinetic.view.diff'),
} as const;

export const MOMENT_CHANNELS = {
  connect: channel('kinetic.connect'),
  reconnect: channel('kinetic.reconnect'),
  disconnect: channel('kinetic.disconnect'),
  leave: channel('kinetic.leave'),
  patch: channel('kinetic.patch'),
  broadcast: channel('kinetic.broadcast'),
  error: channel('kinetic.error'),
  refuse: channel('kinetic.refuse'),
  panic: channel('kinetic.panic'),
  shutdown: channel('kinetic.shutdown'),
} as const;

/** Whether anybody listens to a step's tracing channel. */
export const traced = (step: keyof typeof STEP_CHANNELS): boolean =>
  STEP_CHANNELS[step].hasSubscribers;

/** Runs `body` inside the step's tracing channel when somebody listens, else just runs it. */
export function trace<T>(
  step: keyof typeof STEP_CHANNELS,
  context: object | undefined,
  body: () => Promise<T>,
): Promise<T> {
  const tc = STEP_CHANNELS[step];
  return context !== undefined && tc.hasSubscribers ? tc.tracePromise(body, context) : body();
}
