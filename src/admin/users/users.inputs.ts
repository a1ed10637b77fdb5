/** Inputs of the user mutations: one zod schema each, camelCase as the GraphQL input types. Text lengths are those of the columns. */
import { z } from 'zod';
import { id, int, text } from '../../graphql/inputs';

export const ROLES = ['ADMIN', 'USER'] as const;
const role = () => z.enum(ROLES, { error: `role must be one of: ${ROLES.join(', ')}` });

/** userCreate / `npm run admin -- create-user` */
export const UserCreateInput = z.object({
  username: text({ min: 1, max: 50 }),
  password: text({ min: 1, max: 256 }),
  fullName: text({ min: 1, max: 100 }),
  role: role(),
  warehouseIds: z.array(int()).nullish().transform((ids) => ids ?? []),
  warehouseId: id().nullish(),
  allowedFunctions: z.array(text()).nullish().transform((fns) => fns ?? []),
});
export type UserCreateInput = z.output<typeof UserCreateInput>;

/** The changes of userUpdate: only the fields sent are written; the name, role and active flag may be left out, not cleared. */
export const UserChanges = z.object({
  fullName: text({ min: 1, max: 100 }).optional(),
  role: role().optional(),
  warehouseId: id().nullish(),
  warehouseIds: z.array(int()).nullish(),
  allowedFunctions: z.array(text()).nullish(),
  isActive: z.boolean().optional(),
  password: text({ min: 1, max: 256 }).nullish(),
});

/** userUpdate: the user and the changes, in one input (an id no user has is not found, like any other). */
export const UserUpdateInput = UserChanges.extend({ userId: int() });
export type UserUpdateInput = z.output<typeof UserUpdateInput>;

/** userDelete */
export const UserDeleteInput = z.object({ userId: int() });
export type UserDeleteInput = z.output<typeof UserDeleteInput>;
