// Log format (issue 19): pino-pretty for a person at a terminal or with LOG_FORMAT=pretty, JSON in production.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createLogger, logFormatOf } from '../../src/logger';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('log format', () => {
  it('is chosen by LOG_FORMAT, else pretty only on a terminal outside production', () => {
    const fmt = (env: Record<string, string>, tty: boolean) => logFormatOf(loadConfig({ NODE_ENV: 'development', ...env }), tty);
    expect(fmt({}, true)).toBe('pretty');
    expect(fmt({}, false)).toBe('json');
    expect(fmt({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, true)).toBe('json');
    expect(fmt({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(fmt({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(fmt({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('pretty: one readable line per entry (level, message, fields), credentials still redacted', () => {
    const out = sink();
    const log = createLogger('info', 'pretty', out.stream);
    log.info({ requestId: 'r-1', status: 200, authorization: 'Bearer secret-token' }, 'request');
    log.debug('not at info');
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request\n/);
    expect(text).toContain('requestId: "r-1"');
    expect(text).toContain('status: 200');
    expect(text).toContain('authorization: "****"');
    expect(text).not.toContain('secret-token');
    expect(text).not.toContain('not at info');
    expect(() => JSON.parse(text.split('\n')[0])).toThrow();
  });

  it('json: one JSON object per line with the same redaction', () => {
    const out = sink();
    const log = createLogger('info', 'json', out.stream);
    log.info({ requestId: 'r-2', password: 'hunter2' }, 'request');
    const line = JSON.parse(out.text().trim());
    expect(line).toMatchObject({ level: 30, msg: 'request', requestId: 'r-2', password: '****', service: 'wms' });
  });
});
