// GraphQL queries and mutations of the system area: settings, dashboard, audit log (spec 70 §11–§13).
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../../graphql/builder';
import { payloadOf, payloadType } from '../../graphql/payloads';
import { parseInput } from '../../graphql/inputs';
import type { Selection } from '../catalog/catalog.service';
import { defineList, sortInput } from '../../graphql/lists';
import * as audit from './audit-log.service';
import { dashboard } from './dashboard.service';
import * as settings from './settings.service';
import { SettingsUpdateInput as SettingsUpdateSchema } from './system.inputs';
import { AuditChainStatusRef, AuditLogEntryRef, DashboardRef } from './system.types';
import { admin, adminOr, argIn, inOwnWarehouse } from '../../auth/rules';
import { FLOOR_SETTINGS } from '../../settings/settings.service';

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  description: 'Which audit entries to list; every field given narrows the list.',
  fields: (t) => ({
    actionType: t.string({ description: 'Exact action type (RECEIVE, PICK, ...).' }),
    userId: t.string({ description: 'Exact stored actor (a username; rows carried over from the legacy server may hold a numeric user id).' }),
    entityType: t.string({ description: 'Exact entity type of the entry (ITEM, BIN, BATCH, ...).' }),
    warehouseId: t.int({ description: 'The warehouse of the entries.' }),
    startDate: t.field({ type: 'Date', description: 'Entries from the start of this day (UTC).' }),
    endDate: t.field({ type: 'Date', description: 'Entries to the end of this day (UTC), that whole day included.' }),
    createdFrom: t.field({ type: 'DateTime', description: 'Entries created at or after this instant.' }),
    createdUntil: t.field({ type: 'DateTime', description: 'Entries created at or before this instant (inclusive).' }),
  }),
});

const AuditLogSortField = builder.enumType('AuditLogSortField', {
  description: 'Orders of audit entries.',
  values: {
    CREATED_AT: { value: 'createdAt', description: 'Time of the entry (entries of one transaction share it; the id breaks ties).' },
    LOG_ID: { value: 'logId', description: 'Integer id (order of writing).' },
  } as const,
});

defineList<audit.AuditLogFilter>({
  field: 'auditLog',
  description: 'Audit entries, newest first.',
  notes: 'ADMIN only.',
  rule: admin,
  node: AuditLogEntryRef,
  nodeTypeName: 'AuditLogEntry',
  idField: 'logId',
  connectionName: 'AuditLogConnection',
  filter: AuditLogFilter,
  sortBy: sortInput('AuditLogSort', AuditLogSortField, 'audit entries'),
  defaultSort: { field: 'createdAt', direction: 'DESC' },
  delegate: (ctx) => ctx.app.prisma.auditLog,
  where: (f) => audit.auditLogWhere(f),
});

const SettingsUpdateInput = builder.inputType('SettingsUpdateInput', {
  description: 'Settings to store.',
  fields: (t) => ({
    settings: t.field({
      type: 'JSON',
      required: true,
      description: 'Setting key (snake_case, as stored; up to 100 characters) -> string value; at least one. Flags take "true"/"false".',
    }),
  }),
});

const SettingsUpdatePayload = payloadType<unknown[]>('SettingsUpdatePayload', {
  description: 'Result of settingsUpdate.',
  resultField: 'settings',
  resultType: ['AppSetting'],
  resultDescription: 'The settings written, by key; null when userErrors is not empty.',
});

builder.queryFields((t) => ({
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
    description: 'The dashboard figures of a warehouse, or of every warehouse.',
    args: { warehouseId: t.arg.int({ description: 'The warehouse; null or 0 for every warehouse (ADMIN only).' }) },
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
    description: 'One stored setting by key; floor users read the floor settings only.',
    args: { key: t.arg.string({ required: true, description: 'The setting key (snake_case).' }) },
    resolve: (query, _r, args, ctx) => settings.getSettingRow(ctx, query, args.key),
  }),
}));

builder.mutationField('settingsUpdate', (t) =>
  t.withShield(admin).field({
    type: SettingsUpdatePayload,
    description:
      'Writes settings in one transaction. Known keys are checked (flags "true"/"false", session_timeout_hours, default_receiving_bin); packing cannot be turned off while orders are PACKED.',
    args: { input: t.arg({ type: SettingsUpdateInput, required: true, description: 'The settings to store.' }) },
    // The map's keys are setting names: a refused value's path names the key as sent.
    resolve: (_r, { input }, ctx, info) =>
      payloadOf(() =>
        settings.updateSettings(
          ctx,
          queryFromInfo({ context: ctx, info, typeName: 'AppSetting', path: ['settings'] }) as Selection,
          parseInput(SettingsUpdateSchema, input),
        ),
      ),
  }),
);
