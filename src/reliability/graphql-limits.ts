import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';

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
  maxCost: 5000,
} as const;

export function graphqlLimits(config: Pick<Config, 'nodeEnv'>): Plugin[] {
  const armor = EnvelopArmorPlugin({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ignoreIntrospection: true },
    // "Did you mean ...?" leaks the schema when introspection is off; kept in development for GraphiQL users.
    blockFieldSuggestion: { enabled: config.nodeEnv === 'production' },
  });
  return [armor as Plugin];
}
