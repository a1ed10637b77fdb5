// GraphQL subscriptions of the live dashboards (issue 7), over graphql-ws on /graphql or SSE through yoga.
import { builder } from '../graphql/builder';
import { DashboardRef } from '../admin/system/system.types';
import type { Dashboard } from '../admin/system/dashboard.service';
import type { LiveEvent } from './events';
import { activityFeedStream, dashboardStatsStream } from './live.service';
import { admin, authenticated } from '../auth/rules';

builder.subscriptionType({});

const LiveEventRef = builder.objectRef<LiveEvent>('LiveEvent').implement({
  description: 'A committed change, from the event outbox.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Outbox id: pass the last one seen as activityFeed(afterId:) to resume.' }),
    topic: t.exposeString('topic', { description: '<area>.<what>, e.g. receiving.received.' }),
    warehouseId: t.exposeInt('warehouseId', { nullable: true }),
    payload: t.expose('payload', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.subscriptionFields((t) => ({
  dashboardStats: t.withShield(admin).field({
    type: DashboardRef,
    description: 'The dashboard figures (as the dashboard query) now, then whenever they change; bursts are coalesced. ADMIN only.',
    args: { warehouseId: t.arg.int() },
    subscribe: (_r, args, ctx) => dashboardStatsStream(ctx, args.warehouseId),
    resolve: (d: Dashboard) => d,
  }),
  activityFeed: t.withShield(authenticated).field({
    type: LiveEventRef,
    description:
      'Committed events of a warehouse (or of every warehouse the caller may see). With afterId, the events after that one are replayed first: no gap, no duplicate.',
    args: { warehouseId: t.arg.int(), afterId: t.arg.string() },
    subscribe: (_r, args, ctx) => activityFeedStream(ctx, { warehouseId: args.warehouseId, afterId: args.afterId }),
    resolve: (e: LiveEvent) => e,
  }),
}));
