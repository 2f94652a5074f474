import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { DevError } from '../shared/dev-protocol.js';
import { codeFrame } from './code-frame.js';
import type { FromApp } from './ipc.js';
import { locate } from './located-error.js';

type ViewFailure = Extract<FromApp, { type: 'view-error' }>;

/**
 * A view's failure as the overlay shows it: where the view's own code threw; for an event no
 * handler takes (nothing of the app's threw), the binding in the source that sends it.
 */
export function viewFailure(
  root: string,
  failure: ViewFailure,
  sources: Iterable<string>,
): DevError {
  const { view, phase, message } = failure;
  const located = locate(root, { phase, message, view }, failure.stack);
  if (located.file !== undefined || failure.code !== 'KN_ERR_UNKNOWN_EVENT') return located;
  // The event's name, as @kinetic/core's unknownEvent() words it.
  const event = /for event "([^"]+)"/.exec(message)?.[1];
  const binding = event === undefined ? undefined : findBinding(root, sources, event);
  return binding === undefined ? located : { ...located, ...binding };
}

/** The first `lv-*="event"` attribute in the app's own source files. */
export function findBinding(
  root: string,
  sources: Iterable<string>,
  event: string,
): Pick<DevError, 'file' | 'line' | 'column' | 'frame'> | undefined {
  const attribute = new RegExp(
    `lv-[\\w-]+=(["'])${event.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`,
  );
  for (const file of sources) {
    const rel = relative(root, file);
    if (rel.startsWith('..') || rel.split(sep).includes('node_modules')) continue;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const match = attribute.exec(source);
    if (match === null) continue;
    const before = source.slice(0, match.index).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    return { file: rel, line, column, frame: codeFrame(source, line, column) };
  }
  return undefined;
}
