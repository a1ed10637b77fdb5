import pino from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';

export type Logger = pino.Logger;
export type LogFormat = 'pretty' | 'json';

/**
 * LOG_FORMAT when set; otherwise JSON in production (log collectors parse it) and wherever stdout is not a
 * terminal, and pino-pretty for a person at a terminal.
 */
export function logFormatOf(config: Pick<Config, 'logFormat' | 'nodeEnv'>, isTTY = process.stdout.isTTY === true): LogFormat {
  if (config.logFormat) return config.logFormat;
  return config.nodeEnv !== 'production' && isTTY ? 'pretty' : 'json';
}

/** Logs (JSON, or pino-pretty lines); anything that looks like a credential is redacted before it is written. */
export function createLogger(level: string, format: LogFormat = 'json', destination?: NodeJS.WritableStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'wms' },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'credentials',
        '*.credentials',
        'current_password',
        'new_password',
        '*.current_password',
        '*.new_password',
      ],
      censor: '****',
    },
  };
  if (format === 'pretty') {
    // in-process and synchronous (no worker thread): lines stay in order with process.stderr writes and exit
    return pino(options, pretty({ colorize: destination ? false : pretty.isColorSupported, sync: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l', destination: destination ?? 1 }));
  }
  return destination ? pino(options, destination) : pino(options);
}
