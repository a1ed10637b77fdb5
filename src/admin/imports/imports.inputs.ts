/** Input of importRecords: one zod schema, camelCase as the GraphQL input type. */
import { z } from 'zod';
import { id } from '../../graphql/inputs';
import { IMPORT_ENTITY_TYPES } from './imports.service';

/**
 * importRecords. The records stay JSON objects (CSV rows keyed by their headers, or JSON rows), each checked by the
 * module row by row: typed per-entity lists would make GraphQL refuse a whole file for one bad cell in a single
 * top-level error, where the import answers every refused row with its reason and imports nothing.
 */
export const ImportRecordsInput = z.object({
  entityType: z.enum(IMPORT_ENTITY_TYPES),
  records: z.array(z.unknown()),
  warehouseId: id().nullish(),
});
export type ImportRecordsInput = z.output<typeof ImportRecordsInput>;
