import pino from 'pino';

/** A log line as listeners see it: level name, the module that wrote it, and its message. */
export interface LogRecord {
  level: string;
  module: string | undefined;
  message: string;
  fields: Record<string, unknown>;
}

const listeners = new Set<(record: LogRecord) => void>();

// One root logger for the process; each module takes a child named after itself so a reader
// can filter by `module`. Push endpoints carry a capability URL, so only their origin is logged.
export const rootLogger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'notifier' },
  hooks: {
    logMethod(args, method, level) {
      if (listeners.size > 0) notify(this, args, level);
      method.apply(this, args);
    },
  },
});

export type Logger = pino.Logger;

export function moduleLogger(module: string): Logger {
  return rootLogger.child({ module });
}

/** Calls `listener` for every line logged at or above the logger's level; returns a remover. */
export function addLogListener(listener: (record: LogRecord) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Returns the origin of a push endpoint, which is safe to log; the path identifies the device. */
export function endpointOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'invalid-url';
  }
}

function notify(logger: pino.Logger, args: unknown[], level: number): void {
  const [first, second] = args;
  const fields =
    typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
  const message = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
  const bindings = logger.bindings() as { module?: string };
  const record: LogRecord = {
    level: logger.levels.labels[level] ?? String(level),
    module: bindings.module,
    message,
    fields,
  };
  for (const listener of listeners) listener(record);
}
