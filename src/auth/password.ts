import bcrypt from 'bcryptjs';
import { badRequest } from '../errors';

const BCRYPT_COST = 10;

export const hashPassword = (plain: string) => bcrypt.hash(plain, BCRYPT_COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

/**
 * The legacy policy, first failing rule wins (spec 10 §5). Letters and digits in any script. `field`: the path of the
 * password in the mutation's input, for the error.
 */
export function assertPasswordPolicy(password: string, field?: readonly string[]): void {
  const refuse = (message: string) => badRequest(message, field ? { field } : undefined);
  if ([...password].length < 8) throw refuse('Password must be at least 8 characters');
  if (!/\p{L}/u.test(password)) throw refuse('Password must contain at least one letter');
  if (!/\p{Nd}/u.test(password)) throw refuse('Password must contain at least one digit');
}
