// GraphQL queries and mutations of the system area: settings, dashboard, audit log (spec 70 §11–§13).
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../../graphql/builder';
import { MessagePayload } from '../../graphql/common';
import { pageRef } from '../catalog/catalog.types';
import { pageRequest, type Selection } from '../catalog/catalog.service';
import * as audit from './audit-log.service';
import { dashboard } from './dashboard.service';
import * as settings from './settings.service';
import { AuditChainStatusRef, AuditLogEntryRef, DashboardRef } from './system.types';
import { admin, adminOr, argIn, inOwnWarehouse } from '../../auth/rules';
import { FLOOR_SETTINGS } from '../../settings/settings.service';

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  fields: (t) => ({
    actionType: t.string({ description: 'Exact action type (RECEIVE, PICK, ...).' }),
    userId: t.string({ description: 'Exact stored actor (a username; rows carried over from the legacy server may hold a numeric user id).' }),
    entityType: t.string(),
    warehouseId: t.int(),
    startDate: t.string({ description: 'Inclusive lower bound on createdAt (any PostgreSQL timestamp text).' }),
    endDate: t.string({ description: 'Inclusive upper bound on createdAt; a date alone (2026-04-01) includes that whole day (UTC).' }),
  }),
});

const SettingsUpdateInput = builder.inputType('SettingsUpdateInput', {
  fields: (t) => ({ settings: t.field({ type: 'JSON', required: true, description: 'Map of key to string value.' }) }),
});

const AuditLogPage = pageRef('AuditLogPage', AuditLogEntryRef, 'A page of audit entries, newest first.');

builder.queryFields((t) => ({
  auditLog: t.withShield(admin).prismaConnection({
    type: 'AuditLog',
    cursor: 'logId',
    description: 'Audit entries, newest first.',
    args: { filter: t.arg({ type: AuditLogFilter }) },
    totalCount: async (_p, args, ctx) =>
      ctx.app.prisma.auditLog.count({ where: await audit.auditLogWhere(ctx, args.filter ?? {}) }),
    resolve: async (query, _p, args, ctx) =>
      ctx.app.prisma.auditLog.findMany({ ...query, where: await audit.auditLogWhere(ctx, args.filter ?? {}), orderBy: audit.AUDIT_ORDER }),
  }),
  auditLogPage: t.withShield(admin).field({
    type: AuditLogPage,
    args: {
      page: t.arg.int({ description: '1-based page (default 1).' }),
      perPage: t.arg.int({ description: 'Rows per page (default 50, at most 1000).' }),
      filter: t.arg({ type: AuditLogFilter }),
    },
    resolve: (_r, args, ctx, info) =>
      audit.auditLogPage(
        ctx,
        queryFromInfo({ context: ctx, info, typeName: 'AuditLogEntry', path: ['rows'] }) as Selection,
        pageRequest(args.page, args.perPage),
        args.filter ?? {},
      ),
  }),
  auditLogVerify: t.withShield(admin).field({
    type: 'Int',
    nullable: true,
    description:
      'Seals what has committed, then walks the hash chain in the database: the first log id whose link is broken, or null when every sealed row verifies (auditLogChainStatus also reports the unsealed tail).',
    resolve: (_r, _a, ctx) => audit.verifyAuditChain(ctx),
  }),
  auditLogChainStatus: t.withShield(admin).field({
    type: AuditChainStatusRef,
    description: 'Seals what has committed, then verifies every sealed row and counts the rows not sealed yet.',
    resolve: (_r, _a, ctx) => audit.auditChainStatus(ctx),
  }),
  // The scanner app shows floor users the dashboard of their warehouse.
  dashboard: t.withShield(adminOr(inOwnWarehouse((a) => a.warehouseId))).field({
    type: DashboardRef,
    args: { warehouseId: t.arg.int() },
    resolve: (_r, args, ctx) => dashboard(ctx, args.warehouseId),
  }),
  settings: t.withShield(admin).prismaField({
    type: ['AppSetting'],
    description: 'Stored settings by key (defaults of absent keys are not listed).',
    resolve: (query, _r, _a, ctx) => settings.listSettings(ctx, query),
  }),
  // Floor users read the floor settings (FLOOR_SETTINGS) only.
  setting: t.withShield(adminOr(argIn('key', FLOOR_SETTINGS))).prismaField({
    type: 'AppSetting',
    nullable: true,
    description: `The stored setting of this key, or null when it was never saved (its default applies). Non-admins may read ${FLOOR_SETTINGS.join(', ')} only.`,
    args: { key: t.arg.string({ required: true }) },
    resolve: (query, _r, args, ctx) => settings.getSettingRow(ctx, query, args.key),
  }),
}));

builder.mutationField('settingsUpdate', (t) =>
  t.withShield(admin).field({
    type: MessagePayload,
    args: { input: t.arg({ type: SettingsUpdateInput, required: true }) },
    // The map's keys are setting names: passed as they are (no case conversion).
    resolve: (_r, args, ctx) => settings.updateSettings(ctx, { settings: args.input.settings }),
  }),
);
