import kleur from 'kleur';

/**
 * Terminal output of the CLI. Colour follows kleur's detection (off when not a TTY or with
 * NO_COLOR), so piped output and tests read plain text.
 */
export const log = {
  info: (message: string) => console.log(message),
  step: (message: string) => console.log(`${kleur.cyan('›')} ${message}`),
  success: (message: string) => console.log(`${kleur.green('✓')} ${message}`),
  warn: (message: string) => console.warn(`${kleur.yellow('!')} ${message}`),
  error: (message: string) => console.error(`${kleur.red('✗')} ${message}`),
};

/** Milliseconds as people read them: 840ms, 1.2s. */
export const duration = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;

/** Bytes as people read them: 812 B, 12.4 kB. */
export const bytes = (n: number): string =>
  n < 1000
    ? `${n} B`
    : n < 1_000_000
      ? `${(n / 1000).toFixed(1)} kB`
      : `${(n / 1_000_000).toFixed(2)} MB`;

/** The time of day (now, or `at` in ms since the epoch), for dev server lines: 14:03:27. */
export const clock = (at?: number): string =>
  kleur.dim(new Date(at ?? Date.now()).toTimeString().slice(0, 8));
