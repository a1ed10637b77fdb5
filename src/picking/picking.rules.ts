import { chain } from 'graphql-shield';
import type { ModuleRules } from '../auth/shield';
import { can, isAuthenticated } from '../auth/rules';

const pick = chain(isAuthenticated, can('pick'));

/** Shield rules of the picking module's root fields (anything not listed is denied). */
export const pickingRules: ModuleRules = {
  Query: {
    pickActiveBatch: isAuthenticated,
    pickBatch: isAuthenticated,
    pickNextTask: isAuthenticated,
    pickWaveValidate: isAuthenticated,
  },
  Mutation: {
    pickCreateBatch: pick,
    pickWaveCreate: pick,
    pickConfirm: pick,
    pickShort: pick,
    pickCompleteBatch: pick,
    pickCancelBatch: pick,
  },
};
