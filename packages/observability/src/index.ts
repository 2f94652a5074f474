// @kinetic/observability: Kinetic's operational features, each a plugin an app opts into
// in one line (docs/observability.md).
// biome-ignore-all assist/source/organizeImports: grouped by feature

/** Prometheus metrics (prom-client), served at /metrics. */
export { metrics } from './metrics.js';
export type { MetricsOptions, MetricsPlugin } from './metrics.js';
/** OpenTelemetry spans (@opentelemetry/api only: the app brings the SDK). */
export { tracing } from './tracing.js';
export type { TracingOptions } from './tracing.js';
/** /healthz and /readyz, false while draining. */
export { health } from './health.js';
export type { HealthOptions } from './health.js';
/** Security-relevant events as structured records. */
export { audit } from './audit.js';
export type { AuditOptions, AuditRecord } from './audit.js';
/** Fastify's logger options: JSON in production, readable lines in a terminal. */
export { logging } from './logging.js';
export type { LoggerOptions, LoggingOptions } from './logging.js';
