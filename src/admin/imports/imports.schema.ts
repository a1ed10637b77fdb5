// GraphQL of the admin bulk import (spec 70 §14).
import { builder } from '../../graphql/builder';
import { ImportEntityType } from '../../graphql/enums';
import * as imports from './imports.service';
import { admin } from '../../auth/rules';
import { payloadOf, payloadType } from '../../graphql/payloads';
import { parseInput } from '../../graphql/inputs';
import { ImportRecordsInput as ImportRecordsSchema } from './imports.inputs';

const ImportRowErrorRef = builder.objectRef<imports.ImportRowError>('ImportRowError').implement({
  description: 'A record an import refused.',
  fields: (t) => ({
    row: t.exposeInt('row', { description: '1-based index of the record' }),
    error: t.exposeString('error', { description: 'Why the record was refused.' }),
  }),
});

const ImportResultRef = builder.objectRef<imports.ImportResult>('ImportResult').implement({
  description: 'All or nothing: when any record is refused, nothing is imported and every refused record is listed.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'A confirmation text for the screen.' }),
    total: t.exposeInt('total', { description: 'The records received.' }),
    imported: t.exposeInt('imported', { description: 'The records imported.' }),
    skipped: t.exposeInt('skipped', { description: 'The records skipped (refused).' }),
    errors: t.field({ description: 'The refused records with the reason.', type: [ImportRowErrorRef], resolve: (r) => r.errors }),
  }),
});

const ImportRecordsPayload = payloadType<imports.ImportResult>('ImportRecordsPayload', {
  description:
    'Result of importRecords. userErrors: the request itself was refused (no records, more than 5000, a warehouseId that is no id); refused rows are listed in `importResult.errors` instead (and then nothing is imported).',
  resultField: 'importResult',
  resultType: ImportResultRef,
  resultDescription: 'What was imported, or the refused rows; null when userErrors is not empty.',
});

const ImportRecordsInput = builder.inputType('ImportRecordsInput', {
  description: 'A file of records to import, all or nothing.',
  fields: (t) => ({
    entityType: t.field({ type: ImportEntityType, required: true, description: 'What the records are.' }),
    records: t.field({
      type: ['JSON'],
      required: { list: true, items: false },
      description: 'The rows, 1 to 5000: objects keyed by column (CSV rows keyed by header, or JSON objects); each is checked on its own.',
    }),
    warehouseId: t.int({ description: 'Warehouse of the purchase/sales order rows that name none.' }),
  }),
});

builder.mutationField('importRecords', (t) =>
  t.withShield(admin).field({
    type: ImportRecordsPayload,
    description: 'Imports up to 5000 items, bins, purchase-order lines or sales-order lines in one transaction.',
    args: { input: t.arg({ type: ImportRecordsInput, required: true, description: 'The entity type and its records.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => imports.importRecords(ctx, parseInput(ImportRecordsSchema, input))),
  }),
);
