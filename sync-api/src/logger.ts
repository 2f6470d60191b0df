import pino from 'pino';

// One root logger for the process; each module takes a child named after itself so a
// reader can filter by `module`. Auth headers and cookies never reach the logs.
export const rootLogger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'sync-api' },
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    censor: '[redacted]',
  },
});

export type Logger = pino.Logger;

export function moduleLogger(module: string): Logger {
  return rootLogger.child({ module });
}
