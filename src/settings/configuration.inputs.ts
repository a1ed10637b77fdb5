/** Input of configurationUpdate: the typed settings, camelCase as the GraphQL input type. */
import { z } from 'zod';
import { int } from '../graphql/inputs';

/** A field left out (or null) keeps its value. */
export const ConfigurationUpdateInput = z.object({
  requirePackingBeforeShipping: z.boolean().nullish(),
  countShowExpected: z.boolean().nullish(),
  allowOverReceiving: z.boolean().nullish(),
  requireCountApprovalSeparation: z.boolean().nullish(),
  /** 0 clears the default bin. */
  defaultReceivingBinId: int({ ge: 0 }).nullish(),
  sessionTimeoutHours: int({ gt: 0 }).nullish(),
});
export type ConfigurationUpdateInput = z.output<typeof ConfigurationUpdateInput>;
