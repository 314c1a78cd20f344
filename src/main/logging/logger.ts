/**
 * The one logger of the main process: structured JSON lines, every field passed through the
 * redaction step before it is written, to a size-rotated file in the app's data folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { redact, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry these fields (e.g. the component name). */
  child(fields: Record<string, unknown>): Logger;
  /** Flushes and closes the file; later lines are dropped. */
  close(): Promise<void>;
}

export interface LogSink {
  write(line: string): void;
  close(): Promise<void>;
}

export interface FileLoggerOptions {
  directory: string;
  level?: LogLevel;
  /** Rotate when the file reaches this size, e.g. '5M'. */
  size?: string;
  /** How many rotated files to keep. */
  maxFiles?: number;
  /** Also echo lines to stderr (development, the harness). */
  echo?: boolean;
}

export function fileSink(options: FileLoggerOptions): LogSink {
  mkdirSync(options.directory, { recursive: true, mode: 0o700 });
  const stream: RotatingFileStream = createStream('kiosk.log', {
    path: options.directory,
    size: options.size ?? '5M',
    maxFiles: options.maxFiles ?? 10,
    // rotating-file-stream keeps the list of rotated files here; it holds file names only.
    history: 'kiosk.log.history',
    mode: 0o600,
  });
  // A logging failure (disk full) must never take the app down with it.
  stream.on('error', () => undefined);
  return {
    write(line) {
      stream.write(line);
      if (options.echo) process.stderr.write(line);
    },
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}

export function memorySink(lines: string[] = []): LogSink & { lines: string[] } {
  return { lines, write: (line) => void lines.push(line), close: () => Promise.resolve() };
}

export function createLogger(
  sink: LogSink,
  level: LogLevel = 'info',
  base: Record<string, unknown> = {},
): Logger {
  let closed = false;
  const write = (lineLevel: LogLevel, event: string, fields?: Record<string, unknown>): void => {
    if (closed || LEVELS[lineLevel] < LEVELS[level]) return;
    const record = {
      time: new Date().toISOString(),
      level: lineLevel,
      event: redactText(event),
      ...(redact({ ...base, ...fields }) as Record<string, unknown>),
    };
    try {
      sink.write(`${JSON.stringify(record)}\n`);
    } catch {
      // see fileSink: never throw from logging
    }
  };
  const logger: Logger = {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (fields) => createLogger(sink, level, { ...base, ...fields }),
    close: async () => {
      closed = true;
      await sink.close();
    },
  };
  return logger;
}

export function createFileLogger(
  dataDir: string,
  options: Omit<FileLoggerOptions, 'directory'> = {},
): Logger {
  return createLogger(fileSink({ directory: join(dataDir, 'logs'), ...options }), options.level ?? 'info');
}
