// GraphQL types, queries and mutations of the catalog module (registered on the shared builder).
export {};
