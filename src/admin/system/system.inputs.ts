/** Inputs of the system mutations: one zod schema each, camelCase as the GraphQL input types. */
import { z } from 'zod';
import { textMap } from '../../graphql/inputs';

/** settingsUpdate: stored settings by key. The keys are data (setting names, snake_case as stored), kept as sent. */
export const SettingsUpdateInput = z.object({
  // legacy-difference: a setting key longer than the column (varchar(100)) was a 500; now a problem at its entry
  settings: textMap({ min: 1, keyMax: 100 }),
});
export type SettingsUpdateInput = z.output<typeof SettingsUpdateInput>;
