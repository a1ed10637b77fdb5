/**
 * Fernet (spec: version 0x80, AES-128-CBC + HMAC-SHA256), token-compatible with Python's
 * `cryptography.fernet` and the other implementations of the spec.
 *
 * Written on node:crypto rather than taken from npm: the npm `fernet` package is unmaintained and pulls in
 * crypto-js, and the smaller alternatives are unreviewed one-person packages; the format is ~80 lines on
 * primitives we already trust, and tests/unit/connectors-fernet.test.ts checks it against the spec's vectors.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 0x80;
const HEADER = 1 + 8 + 16; // version, timestamp, IV
const HMAC_LEN = 32;
/** A token may be dated at most this far in the future when a TTL is checked (as cryptography.fernet). */
const MAX_CLOCK_SKEW_S = 60;
const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export class InvalidFernetKey extends Error {
  override name = 'InvalidFernetKey';
}

export class InvalidFernetToken extends Error {
  override name = 'InvalidFernetToken';
  constructor() {
    super('Invalid Fernet token');
  }
}

/** Strict, padded URL-safe base64 as Python's urlsafe_b64decode wants it (trailing data, other alphabets refused). */
function decodeBase64Url(text: string): Buffer | null {
  if (!B64URL.test(text) || text.length % 4 !== 0) return null;
  return Buffer.from(text, 'base64url');
}

export class Fernet {
  private readonly signingKey: Buffer;
  private readonly encryptionKey: Buffer;

  /** `key`: 32 bytes as URL-safe base64 (what `Fernet.generate_key()` prints). */
  constructor(key: string) {
    const raw = decodeBase64Url(key.trim());
    if (!raw || raw.length !== 32) throw new InvalidFernetKey('Fernet key must be 32 url-safe base64-encoded bytes.');
    this.signingKey = raw.subarray(0, 16);
    this.encryptionKey = raw.subarray(16);
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64url') + '=';
  }

  /** `now` and `iv` are fixed only by tests (the spec's generation vectors); production uses a random IV. */
  encrypt(plaintext: string | Buffer, opts: { now?: Date; iv?: Buffer } = {}): string {
    const iv = opts.iv ?? randomBytes(16);
    const seconds = BigInt(Math.floor((opts.now ?? new Date()).getTime() / 1000));
    const header = Buffer.alloc(HEADER);
    header[0] = VERSION;
    header.writeBigUInt64BE(seconds, 1);
    iv.copy(header, 9);
    const cipher = createCipheriv('aes-128-cbc', this.encryptionKey, iv);
    const body = Buffer.concat([header, cipher.update(plaintext), cipher.final()]);
    const mac = createHmac('sha256', this.signingKey).update(body).digest();
    const text = Buffer.concat([body, mac]).toString('base64url');
    return text.padEnd(Math.ceil(text.length / 4) * 4, '='); // padded, as other implementations write it
  }

  /** Returns the plaintext; throws InvalidFernetToken for any malformed, forged or (with `ttlSeconds`) expired token. */
  decrypt(token: string, opts: { ttlSeconds?: number; now?: Date } = {}): Buffer {
    const data = decodeBase64Url(token);
    if (!data || data.length < HEADER + 16 + HMAC_LEN || data[0] !== VERSION) throw new InvalidFernetToken();
    const ciphertextLength = data.length - HEADER - HMAC_LEN;
    if (ciphertextLength % 16 !== 0) throw new InvalidFernetToken();
    const timestamp = Number(data.readBigUInt64BE(1));
    if (opts.ttlSeconds !== undefined) {
      const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
      if (timestamp + opts.ttlSeconds < now) throw new InvalidFernetToken();
      if (now + MAX_CLOCK_SKEW_S < timestamp) throw new InvalidFernetToken();
    }
    const body = data.subarray(0, data.length - HMAC_LEN);
    const expected = createHmac('sha256', this.signingKey).update(body).digest();
    if (!timingSafeEqual(expected, data.subarray(data.length - HMAC_LEN))) throw new InvalidFernetToken();
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.encryptionKey, data.subarray(9, HEADER));
      return Buffer.concat([decipher.update(data.subarray(HEADER, data.length - HMAC_LEN)), decipher.final()]);
    } catch {
      throw new InvalidFernetToken();
    }
  }
}
