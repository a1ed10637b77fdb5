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
    // Descriptions of the Relay plumbing every list shares (connections, edges, page info, paging arguments).
    pageInfoTypeOptions: { description: 'Where a page of a list sits: whether more rows follow or precede, and the cursors of its ends.' },
    hasNextPageFieldOptions: { description: 'Whether rows follow this page (page on with after: endCursor).' },
    hasPreviousPageFieldOptions: { description: 'Whether rows precede this page (page back with before: startCursor).' },
    startCursorFieldOptions: { description: 'The cursor of the first row of the page; null when the page is empty.' },
    endCursorFieldOptions: { description: 'The cursor of the last row of the page; null when the page is empty.' },
    defaultConnectionTypeOptions: { description: 'A page of a list (Relay connection).' },
    defaultEdgeTypeOptions: { description: 'One row of a list page, with its cursor.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the list.' },
    edgesFieldOptions: { description: 'The rows of the page, each with its cursor.' },
    nodeFieldOptions: { description: 'The row.' },
    cursorFieldOptions: { description: 'An opaque position of the row, for after and before.' },
    firstArgOptions: { description: 'The number of rows from the start (after the after cursor).' },
    lastArgOptions: { description: 'The number of rows from the end (before the before cursor).' },
    afterArgOptions: { description: 'A cursor: only the rows after it.' },
    beforeArgOptions: { description: 'A cursor: only the rows before it.' },
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

builder.queryType({ description: 'The reads: lists, single objects by id (null when missing or out of scope), floor lookups.' });
builder.mutationType({ description: 'The writes; most answer a payload whose userErrors list the expected failures.' });
