// A read-only principal (an API token, src/api-tokens) may read and subscribe; every mutation is refused here,
// centrally, whatever the field and whatever its own shield rule says. The REST adapter runs its operations through
// the same envelop, so this covers REST too (its router also refuses non-GET requests of such a principal first).
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CurrentUser, RequestContext } from '../context';
import { forbidden } from '../errors';

export const READ_ONLY_MESSAGE = 'This token is read-only';

export const isReadOnly = (user: CurrentUser | null | undefined): boolean => user?.apiToken !== undefined;

export function useReadOnlyPrincipals(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as unknown as RequestContext;
      if (!isReadOnly(ctx.user)) return;
      const op = getOperationAST(args.document, args.operationName ?? undefined);
      // no operation found: graphql's own execute reports it
      if (op?.operation === 'mutation') setResultAndStopExecution({ data: null, errors: [forbidden(READ_ONLY_MESSAGE)] });
    },
  };
}
