/** A view's state. */
export type Assigns = Record<string, unknown>;
/** Flash messages by kind (`info`, `error`, ...), shown once. */
export type Flash = Readonly<Record<string, string>>;
