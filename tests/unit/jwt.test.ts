import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signToken, verifyToken } from '../../src/auth/jwt';

const SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
const user = { userId: 7, username: 'ann', role: 'USER', warehouseId: 1, warehouseIds: [1] };

afterEach(() => {
  vi.useRealTimers();
});

// verifyToken remembers tokens it verified (src/auth/jwt.ts): the answers must be the ones a fresh verification gives.
describe('verifyToken', () => {
  it('accepts a token it signed, again from memory, and refuses it once expired', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T08:00:00Z') });
    const token = signToken(SECRET, user);
    const first = verifyToken(SECRET, token);
    expect(first).toMatchObject({ user_id: 7, username: 'ann', role: 'USER' });
    expect(verifyToken(SECRET, token)).toBe(first);
    const exp = first!.exp!;
    vi.setSystemTime((exp - 1) * 1000 + 999);
    expect(verifyToken(SECRET, token)).toBe(first);
    vi.setSystemTime(exp * 1000);
    expect(verifyToken(SECRET, token)).toBeNull();
    expect(verifyToken(SECRET, token)).toBeNull();
  });

  it('refuses the same token under another secret, a token changed by one character, and other algorithms', () => {
    const token = signToken(SECRET, user);
    expect(verifyToken(SECRET, token)).not.toBeNull();
    expect(verifyToken(SECRET + 'x', token)).toBeNull();
    const [h, p, sig] = token.split('.');
    const flipped = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(verifyToken(SECRET, flipped)).toBeNull();
    const unsigned = jwt.sign({ user_id: 7, username: 'ann' }, '', { algorithm: 'none' });
    expect(verifyToken(SECRET, unsigned)).toBeNull();
    const hs512 = jwt.sign({ user_id: 7, username: 'ann' }, SECRET, { algorithm: 'HS512' });
    expect(verifyToken(SECRET, hs512)).toBeNull();
  });

  it('an already expired token is refused the first time', () => {
    const expired = jwt.sign({ user_id: 7, username: 'ann', exp: Math.floor(Date.now() / 1000) - 1 }, SECRET, { algorithm: 'HS256' });
    expect(verifyToken(SECRET, expired)).toBeNull();
  });
});
