// Typed settings on the GraphQL face: `configuration` reads them as Booleans and Ints, `configurationUpdate`
// writes them (stored as the key/value rows that `settings` lists).
import { builder } from '../graphql/builder';
import { admin, authenticated } from '../auth/rules';
import { payloadOf, payloadType } from '../graphql/payloads';
import { parseInput } from '../graphql/inputs';
import { ConfigurationUpdateInput as ConfigurationUpdateSchema } from './configuration.inputs';
import { FLAG_FIELDS, FLAGS, readConfiguration, updateConfiguration, type ConfigurationShape } from './configuration.service';

const Configuration = builder.objectRef<ConfigurationShape>('Configuration').implement({
  description: 'The settings that change how the floor works, typed (the same values as the key/value `settings`).',
  fields: (t) => ({
    ...Object.fromEntries(FLAG_FIELDS.map((f) => [f, t.boolean({ description: FLAGS[f].description, resolve: (c) => c.flags[f] })])),
    defaultReceivingBinId: t.int({
      nullable: true,
      description: 'The bin received stock goes to when the scanner names none; null when unset.',
      resolve: (c) => c.defaultReceivingBinId,
    }),
    sessionTimeoutHours: t.int({ nullable: true, description: 'Hours a session token lasts; null when unset (8 hours).', resolve: (c) => c.sessionTimeoutHours }),
  }),
});

const ConfigurationUpdateInput = builder.inputType('ConfigurationUpdateInput', {
  description: 'The settings to change; a field left out (or null) keeps its value.',
  fields: (t) => ({
    ...Object.fromEntries(FLAG_FIELDS.map((f) => [f, t.boolean({ description: FLAGS[f].description })])),
    defaultReceivingBinId: t.int({ description: 'The id of an existing bin (NOT_FOUND otherwise); 0 clears the default.' }),
    sessionTimeoutHours: t.int({ description: 'A positive number of hours.' }),
  }),
});

const ConfigurationUpdatePayload = payloadType<ConfigurationShape>('ConfigurationUpdatePayload', {
  description: 'Result of configurationUpdate.',
  resultField: 'configuration',
  resultType: Configuration,
  resultDescription: 'The settings after the change; null when userErrors is not empty.',
});

builder.queryField('configuration', (t) =>
  t.withShield(authenticated).field({
    type: Configuration,
    description: 'The typed settings. Any signed-in user may read them (the scanner app needs them).',
    resolve: (_r, _a, ctx) => readConfiguration(ctx),
  }),
);

builder.mutationField('configurationUpdate', (t) =>
  t.withShield(admin).field({
    type: ConfigurationUpdatePayload,
    description: 'Changes typed settings in one transaction; packing cannot be turned off while PACKED orders wait to ship.',
    args: { input: t.arg({ type: ConfigurationUpdateInput, required: true, description: 'The settings to change.' }) },
    resolve: (_r, { input }, ctx) => payloadOf(() => updateConfiguration(ctx, parseInput(ConfigurationUpdateSchema, input))),
  }),
);
