import kleur from 'kleur';
import type { DevError } from '../shared/dev-protocol.js';

const TITLES: Record<DevError['phase'], string> = {
  build: 'build failed',
  mount: 'mount failed',
  render: 'render failed',
  handler: 'event handler failed',
  startup: 'app failed to start',
};

/** A failure for the terminal: what, where, the message, the code frame. */
export function formatDevError(error: DevError): string {
  const where =
    error.file === undefined
      ? ''
      : ` ${kleur.cyan(`${error.file}${error.line === undefined ? '' : `:${error.line}:${error.column ?? 0}`}`)}`;
  const view = error.view === undefined ? '' : kleur.dim(` (view ${error.view})`);
  const lines = [
    `${kleur.red().bold(`✗ ${TITLES[error.phase]}`)}${where}${view}`,
    `  ${error.message.replace(/\n/g, '\n  ')}`,
  ];
  if (error.frame !== undefined) lines.push(kleur.dim(error.frame.replace(/^/gm, '  ')));
  return lines.join('\n');
}
