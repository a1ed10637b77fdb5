// GraphQL types, queries and mutations of the connectors module (registered on the shared builder).
export {};
