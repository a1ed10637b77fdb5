// GraphQL subscriptions of the live dashboards (issue 7), over graphql-ws on /graphql or SSE through yoga.
import { builder } from '../graphql/builder';
import { DashboardRef } from '../admin/system/system.types';
import type { Dashboard } from '../admin/system/dashboard.service';
import type { LiveEvent } from './events';
import { LiveEventInterface } from './event-types';
import { activityFeedStream, dashboardStatsStream, renewSocketToken } from './live.service';
import { adminOr, authenticated, isApiTokenOfWarehouse } from '../auth/rules';
import { parseInput } from '../graphql/inputs';
import { payloadOf, payloadType } from '../graphql/payloads';
import { LiveSocketRenewInput as LiveSocketRenewSchema } from './live.inputs';

builder.subscriptionType({ description: 'Live updates for dashboards and wall-boards, over graphql-ws or SSE.' });

builder.subscriptionFields((t) => ({
  // ADMIN, or a read-only API token for one of its warehouses (a wall-board)
  dashboardStats: t.withShield(adminOr(isApiTokenOfWarehouse)).field({
    type: DashboardRef,
    description:
      'The dashboard figures (as the dashboard query) now, then whenever they change; bursts are coalesced. ADMIN, or an API token for one of its warehouses.',
    args: { warehouseId: t.arg.int({ description: 'The warehouse; null for every warehouse (ADMIN only).' }) },
    subscribe: (_r, args, ctx) => dashboardStatsStream(ctx, args.warehouseId),
    resolve: (d: Dashboard) => d,
  }),
  activityFeed: t.withShield(authenticated).field({
    type: LiveEventInterface,
    description:
      'Committed events of a warehouse (or of every warehouse the caller may see). With afterId, the events after that one are replayed first: no gap, no duplicate.',
    args: {
      warehouseId: t.arg.int({ description: 'The warehouse; null for every warehouse the caller may see.' }),
      afterId: t.arg.string({ description: 'The id of the last event received; null to start with new events.' }),
    },
    subscribe: (_r, args, ctx) => activityFeedStream(ctx, { warehouseId: args.warehouseId, afterId: args.afterId }),
    resolve: (e: LiveEvent) => e,
  }),
}));

const LiveSocketRenewal = builder.objectRef<{ expiresAt: Date | null }>('LiveSocketRenewal').implement({
  description: 'The new expiry of a live connection after its token was renewed.',
  fields: (t) => ({
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'When the new token expires.' }),
  }),
});

const LiveSocketRenewInput = builder.inputType('LiveSocketRenewInput', {
  description: 'The token a graphql-ws socket continues with.',
  fields: (t) => ({
    token: t.string({ required: true, description: 'The new token, from refreshToken (same user).' }),
  }),
});

const LiveSocketRenewPayload = payloadType<{ expiresAt: Date | null }>('LiveSocketRenewPayload', {
  description:
    'Result of liveSocketRenew. Sent over HTTP it is a userError; an invalid token is UNAUTHENTICATED and another user\'s token FORBIDDEN (top-level errors).',
  resultField: 'renewal',
  resultType: LiveSocketRenewal,
  resultDescription: 'The renewed connection; null when userErrors is not empty.',
});

builder.mutationField('liveSocketRenew', (t) =>
  t.withShield(authenticated).field({
    type: LiveSocketRenewPayload,
    description:
      'Sent over a graphql-ws socket before its token expires: the socket continues with this token (a fresh one from ' +
      'refreshToken, same user) and keeps its subscriptions. Without it the socket closes with 4401 at expiry.',
    args: { input: t.arg({ type: LiveSocketRenewInput, required: true, description: 'The new token.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => renewSocketToken(ctx, parseInput(LiveSocketRenewSchema, input))),
  }),
);
