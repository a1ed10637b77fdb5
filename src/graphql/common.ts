import { builder } from './builder';

export interface Message {
  message: string;
}

/** `{"message": "..."}` answers (change-password, cancel, ...). */
export const MessagePayload = builder.objectRef<Message>('MessagePayload').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});

/** Sort direction of list queries (shared by every module's `orderBy` inputs). */
export const SortDirection = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });
export const sortDir = (d: 'ASC' | 'DESC' | null | undefined) => (d === 'DESC' ? 'desc' : 'asc') as 'asc' | 'desc';
