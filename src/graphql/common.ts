import { builder } from './builder';

export interface Message {
  message: string;
}

/** `{"message": "..."}` answers (change-password, cancel, ...). */
export const MessagePayload = builder.objectRef<Message>('MessagePayload').implement({
  description: 'A confirmation text.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'A confirmation text for the screen.' }) }),
});

/** Sort direction of list queries (shared by every module's `orderBy` inputs). */
export const SortDirection = builder.enumType('SortDirection', {
  description: 'The order of a sorted list.',
  values: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } } as const,
});
export const sortDir = (d: 'ASC' | 'DESC' | null | undefined) => (d === 'DESC' ? 'desc' : 'asc') as 'asc' | 'desc';

/**
 * Connection options of a `prismaConnection` whose `totalCount` has a description: the Prisma plugin adds that
 * field bare, so it is declared here as the plugin declares it (same extension, which keeps its short cut: a
 * query selecting only `totalCount` runs the count and no `findMany`).
 */
export const countedConnection = (rows: string) => ({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the field builder of any connection (its Context narrows with the shield rule)
  fields: (t: any) => ({
    totalCount: t.int({
      nullable: false,
      description: `Number of ${rows} matching the arguments over all pages (counted only when selected).`,
      extensions: { pothosPrismaTotalCount: true },
      resolve: (connection: { totalCount: () => Promise<number> }) => connection.totalCount(),
    }),
  }),
});
