import { relative } from 'node:path';
import kleur from 'kleur';
import { clock } from '../log.js';
import { appFrame } from './located-error.js';

/** A pino record, as Fastify's logger writes one JSON line per record. */
interface LogRecord {
  readonly level: number;
  readonly time?: number;
  readonly msg?: string;
  readonly err?: {
    readonly type?: string;
    readonly message?: string;
    readonly stack?: string;
    readonly code?: string;
  };
  readonly req?: { readonly method?: string; readonly url?: string };
  readonly res?: { readonly statusCode?: number };
  readonly [key: string]: unknown;
}

const LEVELS: Record<number, string> = {
  10: kleur.gray('TRACE'),
  20: kleur.blue('DEBUG'),
  30: kleur.green('INFO'),
  40: kleur.yellow('WARN'),
  50: kleur.red('ERROR'),
  60: kleur.bgRed().white('FATAL'),
};

/** Fields every record has, or that are shown otherwise. */
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v', 'err', 'req', 'res']);

/**
 * What Kinetic binds to a live session's records, shown first and in this order: which view,
 * which event, which session (its log id), whatever order the loggers bound them in.
 */
const CONTEXT = ['view', 'event', 'session'] as const;

/** The logger name of @kinetic/observability's audit records, tagged so they stand out. */
const AUDIT_LOGGER = 'kinetic.audit';

/**
 * View failures the dev server shows with a code frame, in the terminal and the overlay, as
 * `kinetic:view-error` reports them: their log record would say it all again.
 */
const SHOWN_WITH_FRAME = /^KN_ERR_VIEW_(HANDLER|MOUNT|RENDER)\b/;

/**
 * One line of the app's stdout for the dev terminal: a log record (JSON, as production
 * keeps it) becomes one readable line; other output passes as it is; undefined when the
 * record repeats a failure shown with its code frame.
 */
export function formatAppLog(
  line: string,
  root: string,
  /** True for a message the dev server has just shown as a view failure. */
  shown: (message: string) => boolean = () => false,
): string | undefined {
  const record = parseRecord(line);
  if (record === undefined) return line;
  const code = record.err?.code ?? record.msg;
  if (code !== undefined && SHOWN_WITH_FRAME.test(code)) return undefined;
  if (record.msg !== undefined && shown(record.msg)) return undefined;
  const parts = [clock(record.time), LEVELS[record.level] ?? String(record.level)];
  const audit = record.logger === AUDIT_LOGGER;
  if (audit) parts.push(kleur.magenta().bold('AUDIT'));
  if (record.req?.method !== undefined) parts.push(`${record.req.method} ${record.req.url ?? ''}`);
  if (record.res?.statusCode !== undefined) parts.push(String(record.res.statusCode));
  const err = record.err;
  let msg = record.msg ?? '';
  if (err?.message !== undefined && !msg.includes(err.message)) {
    msg = `${msg}${msg === '' ? '' : ': '}${err.type ?? 'Error'}: ${err.message}`;
  }
  if (msg !== '') parts.push(msg);
  for (const key of CONTEXT) {
    if (record[key] !== undefined) parts.push(field(key, record[key]));
  }
  for (const [key, value] of Object.entries(record)) {
    if (OMITTED.has(key) || value === undefined || (CONTEXT as readonly string[]).includes(key))
      continue;
    if (audit && key === 'logger') continue;
    // Kinetic's messages start with their code: `code=` would say it twice.
    if (key === 'code' && typeof value === 'string' && msg.startsWith(value)) continue;
    parts.push(kleur.dim(field(key, value)));
  }
  // The stack is left out: the first frame in the app's source says where to look.
  const at = err?.stack === undefined ? undefined : appFrame(err.stack, root);
  if (at !== undefined)
    parts.push(kleur.cyan(`${relative(root, at.file)}:${at.line}:${at.column}`));
  return parts.join(' ');
}

function field(key: string, value: unknown): string {
  return `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

function parseRecord(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as Partial<LogRecord> | null;
    return typeof value?.level === 'number' ? (value as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** The messages of the last view failures shown, each to be matched by one log record. */
export class ShownFailures {
  private readonly messages = new Set<string>();

  add(message: string): void {
    // Bounded: a failure's record may never come (a logger off, a level above it).
    if (this.messages.size >= 50) this.messages.delete(this.messages.values().next().value ?? '');
    this.messages.add(message);
  }

  /** True, once, for a message shown. */
  take(message: string): boolean {
    return this.messages.delete(message);
  }
}
