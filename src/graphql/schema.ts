import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder';
// Each module registers its types and root fields on the builder when imported.
import './common';
import '../auth/auth.schema';
import '../warehouses/warehouses.schema';
import '../receiving/receiving.schema';
import '../receiving/receiving.lists';
import '../putaway/putaway.schema';
import '../lookup/lookup.schema';
import '../picking/picking.schema';
import '../picking/picking.lists';
import '../packing/packing.schema';
import '../shipping/shipping.schema';
import '../shipping/shipping.lists';
import '../inventory/inventory.schema';
import '../inventory/inventory.lists';
import '../admin/catalog/catalog.schema';
import '../admin/catalog/catalog.lists';
import '../admin/system/system.schema';
import '../settings/configuration.schema';
import '../admin/orders/orders.schema';
import '../admin/users/users.schema';
import '../admin/imports/imports.schema';
import '../connectors/connectors.schema';
import '../live/live.schema';
import '../api-tokens/api-tokens.schema';
import './nodes';

/**
 * The executable schema: every root field behind graphql-shield with the rule it declares, deny by default
 * (other types are reached only through them). The build fails when a root field declares no rule.
 */
export function buildSchema(): GraphQLSchema {
  return builder.toSchema({ sortSchema: false });
}

/** The schema as printed to schema.graphql. */
export function printableSchema(): GraphQLSchema {
  return lexicographicSortSchema(buildSchema());
}
