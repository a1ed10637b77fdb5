/** Inputs of the sign-in mutations: one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { text } from '../graphql/inputs';

/** login: the username is trimmed after the length check (never written, so not capped by a column). */
export const LoginInput = z.object({
  username: text({ min: 1, max: 150, trim: true }),
  password: text({ min: 1, max: 256 }),
});
export type LoginInput = z.output<typeof LoginInput>;

/** changePassword */
export const ChangePasswordInput = z.object({
  currentPassword: text({ min: 1, max: 256 }),
  newPassword: text({ min: 1, max: 256 }),
});
export type ChangePasswordInput = z.output<typeof ChangePasswordInput>;
