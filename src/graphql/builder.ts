import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ShieldPlugin from '../auth/shield';
import type PrismaTypes from '../generated/pothos-prisma-types';
import { getDatamodel } from '../generated/pothos-prisma-types';
import type { RequestContext } from '../context';
import { DateTimeScalar, DateScalar, JSONScalar } from './scalars';

export const builder = new SchemaBuilder<{
  Context: RequestContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Date: { Input: string; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [PrismaPlugin, RelayPlugin, ShieldPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.app.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeTypeOptions: {
      description: 'An object with a global id: read it again with `node(id:)`, and key a normalized cache by `id`.',
    },
    idFieldOptions: {
      description: 'Opaque global id (Relay): unique across every type; the integer key is the `<entity>Id` field.',
    },
    // node(id:) and nodes(ids:) are declared in src/graphql/nodes.ts: scoped to the caller and behind their rules.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('Date', DateScalar);
builder.addScalarType('JSON', JSONScalar);

builder.queryType({});
builder.mutationType({});
