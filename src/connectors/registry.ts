import { ConnectorRegistry } from './connector';
import { exampleConnector } from './example.connector';

/** The process's connectors (the API process and the worker register the same set). */
export const connectorRegistry = new ConnectorRegistry();
connectorRegistry.register(exampleConnector);
