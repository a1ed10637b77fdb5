import { builder } from './builder';

export interface Message {
  message: string;
}

/** `{"message": "..."}` answers (change-password, cancel, ...). */
export const MessagePayload = builder.objectRef<Message>('MessagePayload').implement({
  fields: (t) => ({ message: t.exposeString('message') }),
});
