import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs; anything that looks like a credential is redacted before it is written. */
export function createLogger(level: string): Logger {
  return pino({
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
  });
}
