import bcrypt from 'bcryptjs';
import { badRequest } from '../errors';

const BCRYPT_COST = 10;

export const hashPassword = (plain: string) => bcrypt.hash(plain, BCRYPT_COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

/** The legacy policy, first failing rule wins (spec 10 §5). Letters and digits in any script. */
export function assertPasswordPolicy(password: string): void {
  if ([...password].length < 8) throw badRequest('Password must be at least 8 characters');
  if (!/\p{L}/u.test(password)) throw badRequest('Password must contain at least one letter');
  if (!/\p{Nd}/u.test(password)) throw badRequest('Password must contain at least one digit');
}
