/** Inputs of the live mutations: one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { text } from '../graphql/inputs';

/** liveSocketRenew: a signed token (a JWT is a few hundred characters). */
export const LiveSocketRenewInput = z.object({ token: text({ min: 1, max: 4096 }) });
export type LiveSocketRenewInput = z.output<typeof LiveSocketRenewInput>;
