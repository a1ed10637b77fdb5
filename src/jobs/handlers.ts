import { connectorJobHandlers, type JobDeps } from '../connectors/sync.jobs';
import type { JobHandlers } from './queue';

/** Every background job this service runs, by job name. */
export const allJobHandlers = (deps: JobDeps): JobHandlers => ({
  ...connectorJobHandlers(deps),
});
