/** Body schemas of /auth (spec 90 §7, spec 10). Parsed output keeps the legacy snake_case names. */
import { body, str, type Infer } from '../validation/pydantic';

/** POST /auth/login — username trimmed after the length check (1–150, not capped: never written to the DB). */
export const LoginInput = body({
  username: str({ min: 1, max: 150, trim: true }),
  password: str({ min: 1, max: 256 }),
});
export type LoginInput = Infer<typeof LoginInput>;

/** POST /auth/change-password */
export const ChangePasswordInput = body({
  current_password: str({ min: 1, max: 256 }),
  new_password: str({ min: 1, max: 256 }),
});
export type ChangePasswordInput = Infer<typeof ChangePasswordInput>;
