import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import { actualCost, QUERY_COST, requestedCost } from './query-cost';

/** Operations per batched GraphQL HTTP request (yoga `batching`); an array longer than this is a 400. */
export const GRAPHQL_BATCH_LIMIT = 10;

/**
 * Limits on what one GraphQL operation may ask for (graphql-armor, validation phase; a rejected operation
 * is a GraphQL error before any resolver runs). The REST adapter's own operations stay well inside them
 * (tests/security/graphql-limits.test.ts checks every one).
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 2000,
  maxDirectives: 20,
  maxCost: QUERY_COST.maxCost,
} as const;

export function graphqlLimits(config: Pick<Config, 'nodeEnv'>): Plugin[] {
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    // the cost is ours (useQueryCost): armor's ignores variables and list sizes
    costLimit: { enabled: false },
    // "Did you mean ...?" leaks the schema when introspection is off; kept in development for GraphiQL users.
    blockFieldSuggestion: { enabled: config.nodeEnv === 'production' },
  });
  return [armor as Plugin, useQueryCost()];
}

/** The REST adapter runs only its own fixed operations (sized by the legacy per_page cap), so they are not priced. */
const fromRest = (context: unknown) => !!(context as { restAuth?: unknown } | undefined)?.restAuth;

function tooComplex(requested: number): ExecutionResult {
  return {
    errors: [
      new GraphQLError(`Query cost ${requested} exceeds the limit of ${QUERY_COST.maxCost}: ask for fewer objects (smaller first/last, fewer nested lists)`, {
        extensions: { code: 'QUERY_TOO_COMPLEX', cost: { requestedQueryCost: requested, maxQueryCost: QUERY_COST.maxCost } },
      }),
    ],
  };
}

/**
 * Refuses an operation whose requested cost (src/reliability/query-cost.ts, variables applied) is over the limit
 * before it runs, and reports requested and actual cost in `extensions.cost` of every query and mutation answer.
 * At execution rather than validation because yoga caches validation per document, not per variables.
 */
function useQueryCost(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (fromRest(args.contextValue)) return;
      const requested = requestedCost(args.schema, args.document, args.operationName, args.variableValues ?? undefined);
      if (requested === null) return; // no such operation or bad variables: execution answers that
      if (requested > QUERY_COST.maxCost) {
        setResultAndStopExecution(tooComplex(requested));
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return;
          const actual = actualCost(args.schema, args.document, args.operationName, args.variableValues ?? undefined, result.data);
          const cost = { requestedQueryCost: requested, actualQueryCost: actual ?? requested, maxQueryCost: QUERY_COST.maxCost };
          setResult({ ...result, extensions: { ...result.extensions, cost } });
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const requested = requestedCost(args.schema, args.document, args.operationName, args.variableValues ?? undefined);
      if (requested !== null && requested > QUERY_COST.maxCost) setResultAndStopExecution(tooComplex(requested));
    },
  };
}
