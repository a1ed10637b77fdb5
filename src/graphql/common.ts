import { builder } from './builder';

export interface Message {
  message: string;
}

/** `{"message": "..."}` answers (change-password, cancel, ...). */
export const MessagePayload = builder.objectRef<Message>('MessagePayload').implement({
  description: 'A confirmation text.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'A confirmation text for the screen.' }) }),
});

/** Sort direction of the lists' `sortBy` inputs (src/graphql/lists.ts). */
export const SortDirection = builder.enumType('SortDirection', {
  description: 'The order of a sorted list.',
  values: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } } as const,
});
