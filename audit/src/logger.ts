import pino from 'pino';

// One root logger for the process, and each module takes a child named after itself. Events
// are logged by id only, never with their task data.
export const rootLogger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'audit' },
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
    censor: '[redacted]',
  },
});

export type Logger = pino.Logger;

export function moduleLogger(module: string): Logger {
  return rootLogger.child({ module });
}
