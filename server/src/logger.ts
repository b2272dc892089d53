import pino from 'pino';

export function createLogger(level: string) {
  return pino({
    level,
    base: undefined,
    // Personal data must never reach the logs, even by accident.
    redact: { paths: ['req.headers.authorization', '*.phone', '*.idNumber', '*.token', '*.password'], censor: '[redacted]' },
  });
}
