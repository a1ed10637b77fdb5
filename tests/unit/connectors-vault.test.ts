import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { checkEncryptionKeyAtStartup, vaultCipher } from '../../src/connectors/vault';
import { TEST_ENCRYPTION_KEY } from '../helpers/connectors';

function capture() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }));
  return { logger, lines };
}

describe('encryption key at start-up', () => {
  it('logs one error line for a malformed key, without the key', () => {
    const { logger, lines } = capture();
    checkEncryptionKeyAtStartup({ encryptionKey: 'totally-wrong-key-value' }, logger);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 50, msg: expect.stringContaining('SENTRY_ENCRYPTION_KEY is not a valid Fernet key') });
    expect(lines[0]).not.toContain('totally-wrong-key-value');
  });

  it('is silent for a valid key and for no key (the error comes when connectors are used)', () => {
    const { logger, lines } = capture();
    checkEncryptionKeyAtStartup({ encryptionKey: TEST_ENCRYPTION_KEY }, logger);
    checkEncryptionKeyAtStartup({ encryptionKey: undefined }, logger);
    expect(lines).toEqual([]);
    expect(() => vaultCipher({ encryptionKey: undefined })).toThrow(/SENTRY_ENCRYPTION_KEY environment variable is required/);
  });
});
