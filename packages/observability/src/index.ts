// @kinetic/observability: Kinetic's operational features, each a plugin an app opts into
// in one line (docs/observability.md).
