import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import kleur from 'kleur';
import { log } from '../log.js';

/** What the keys of `kinetic dev` do. */
export interface ShortcutActions {
  readonly url: string;
  restart(): Promise<void>;
  quit(): Promise<void>;
}

const HELP: ReadonlyArray<readonly [key: string, what: string]> = [
  ['r', 'rebuild and restart the app (views keep their state)'],
  ['o', 'open the app in the browser'],
  ['c', 'clear the terminal'],
  ['q', 'quit'],
];

/**
 * Keyboard shortcuts for `kinetic dev`, a key and Enter each (line input, so they work in
 * any terminal and through a pipe): r restart, o open, c clear, q quit, h help.
 */
export function bindShortcuts(input: Readable, actions: ShortcutActions): () => void {
  const lines = createInterface({ input });
  let busy: Promise<void> = Promise.resolve();
  lines.on('line', (line) => {
    const key = line.trim().toLowerCase();
    busy = busy.then(() => run(key, actions)).catch((error: unknown) => log.error(String(error)));
  });
  return () => lines.close();
}

/** The hint printed under the banner. */
export const shortcutsHint = () => kleur.dim(`  press ${kleur.bold('h')} + enter for shortcuts\n`);

async function run(key: string, actions: ShortcutActions): Promise<void> {
  switch (key) {
    case '':
      return;
    case 'h':
      log.info(
        `\n  Shortcuts\n${HELP.map(([k, what]) => `  press ${kleur.bold(k)} + enter to ${what}`).join('\n')}\n`,
      );
      return;
    case 'r':
      return actions.restart();
    case 'o':
      return openBrowser(actions.url);
    case 'c':
      process.stdout.write('\x1b[2J\x1b[3J\x1b[H');
      return;
    case 'q':
      return actions.quit();
    default:
      log.info(kleur.dim(`  unknown shortcut "${key.slice(0, 10)}": press h + enter for the list`));
  }
}

/** The system's own way to open a URL; the URL printed when there is none. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.once('error', () => log.info(`  no browser opener here: open ${kleur.cyan(url)} yourself`));
  child.unref();
}
