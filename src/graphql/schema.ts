import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { builder } from './builder';
import { rootShieldMiddleware } from '../auth/shield';
// Each module registers its types and root fields on the builder when imported.
import './common';
import '../auth/auth.schema';
import '../warehouses/warehouses.schema';
import '../receiving/receiving.schema';
import '../putaway/putaway.schema';
import '../lookup/lookup.schema';
import '../picking/picking.schema';
import '../packing/packing.schema';
import '../shipping/shipping.schema';
import '../inventory/inventory.schema';
import '../admin/catalog/catalog.schema';
import '../admin/system/system.schema';
import '../admin/orders/orders.schema';
import '../admin/users/users.schema';
import '../admin/imports/imports.schema';
import '../connectors/connectors.schema';
import '../live/live.schema';
import { moduleRules } from './modules';

/** The schema as written by the modules, without permissions (printed to schema.graphql). */
export function buildRawSchema(): GraphQLSchema {
  return builder.toSchema({ sortSchema: false });
}

export function printableSchema(): GraphQLSchema {
  return lexicographicSortSchema(buildRawSchema());
}

/** The executable schema: every root field behind graphql-shield, deny by default (other types are reached only through them). */
export function buildSchema(): GraphQLSchema {
  const schema = buildRawSchema();
  return applyMiddleware(schema, rootShieldMiddleware(schema, moduleRules));
}
