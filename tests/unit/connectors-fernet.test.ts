import { describe, expect, it } from 'vitest';
import { Fernet, InvalidFernetKey, InvalidFernetToken } from '../../src/connectors/fernet';

// Vectors from the Fernet spec repository (generate.json, verify.json, invalid.json).
const SECRET = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const SPEC_TOKEN = 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
const IV = Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);

const INVALID: { desc: string; token: string; now: string }[] = [
  { desc: 'incorrect mac', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykQUFBQUFBQUFBQQ==', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'too short', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'invalid base64', token: '%%%%%%%%%%%%%AECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'payload size not multiple of block size', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPOm73QeoCk9uGib28Xe5vz6oxq5nmxbx_v7mrfyudzUm', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'payload padding error', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0ODz4LEpdELGQAad7aNEHbf-JkLPIpuiYRLQ3RtXatOYREu2FWke6CnJNYIbkuKNqOhw==', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'far-future TS (unacceptable clock skew)', token: 'gAAAAAAdwStRAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAnja1xKYyhd-Y6mSkTOyTGJmw2Xc2a6kBd-iX9b_qXQcw==', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'expired TTL', token: 'gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAl1-szkFVzXTuGb4hR8AKtwcaX1YdykRtfsH-p1YsUD2Q==', now: '1985-10-26T01:21:31-07:00' },
  { desc: 'incorrect IV (causes padding error)', token: 'gAAAAAAdwJ6xBQECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPAkLhFLHpGtDBRLRTZeUfWgHSv49TF2AUEZ1TIvcZjK1zQ==', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'trailing characters after b64 padding', token: `${SPEC_TOKEN}trailingdata`, now: '1985-10-26T01:20:01-07:00' },
  { desc: 'invalid characters in b64', token: '*gAAAAAAdwJ6wAAECAwQFBgcI!CQoLDA0ODy021?cpGVWKZ_eEwC@GM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==', now: '1985-10-26T01:20:01-07:00' },
  { desc: 'invalid non-urlsafe characters in b64', token: 'gAAAAAAdwJ6wAAEC/AwQFBgcICQoLDA0ODy+021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==', now: '1985-10-26T01:20:01-07:00' },
];

describe('Fernet', () => {
  it('generates the spec token for fixed time and IV', () => {
    const token = new Fernet(SECRET).encrypt('hello', { now: new Date('1985-10-26T01:20:00-07:00'), iv: IV });
    expect(token).toBe(SPEC_TOKEN);
  });

  it('verifies the spec token (ttl 60 s, one second later)', () => {
    const plain = new Fernet(SECRET).decrypt(SPEC_TOKEN, { ttlSeconds: 60, now: new Date('1985-10-26T01:20:01-07:00') });
    expect(plain.toString('utf8')).toBe('hello');
  });

  it.each(INVALID)('rejects the invalid vector: $desc', ({ token, now }) => {
    expect(() => new Fernet(SECRET).decrypt(token, { ttlSeconds: 60, now: new Date(now) })).toThrow(InvalidFernetToken);
  });

  it('uses a random IV: the same plaintext encrypts differently and both decrypt', () => {
    const f = new Fernet(Fernet.generateKey());
    const a = f.encrypt('s3cret-api-key');
    const b = f.encrypt('s3cret-api-key');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    expect(f.decrypt(a).toString()).toBe('s3cret-api-key');
    expect(f.decrypt(b).toString()).toBe('s3cret-api-key');
  });

  it('refuses a token made under another key', () => {
    const token = new Fernet(Fernet.generateKey()).encrypt('x');
    expect(() => new Fernet(SECRET).decrypt(token)).toThrow(InvalidFernetToken);
  });

  it.each(['', 'short', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=AAAA', 'not a key at all!!!!!!!!!!!!!!!!!!!!!!!!!!!'])(
    'refuses the malformed key %j',
    (key) => {
      expect(() => new Fernet(key)).toThrow(InvalidFernetKey);
    },
  );
});
