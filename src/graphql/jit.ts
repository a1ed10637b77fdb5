import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, getVariableValues } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CompilerOptions } from 'graphql-jit';

/** graphql-jit's defaults: every leaf serialized by its scalar or enum (DateTime, the enums' names), as graphql-js does. */
const COMPILER_OPTIONS: Partial<CompilerOptions> = { disableLeafSerialization: false };

/**
 * Queries and mutations run as graphql-jit's compiled functions (one per document, cached with it), instead of
 * graphql-js walking the document for every request. Only when graphql-js itself accepts the variables: the
 * refusals of bad variables (message, BAD_USER_INPUT, HTTP 400) stay graphql-js's. Subscriptions keep graphql-js.
 */
export function useCompiledExecution(): Plugin {
  return useGraphQlJit(
    COMPILER_OPTIONS,
    {
      enableIf: (args) => {
        const op = getOperationAST(args.document, args.operationName);
        if (!op || op.operation === 'subscription') return false;
        return !getVariableValues(args.schema, op.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 1 }).errors;
      },
    },
  ) as Plugin;
}
