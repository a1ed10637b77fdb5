// GraphQL types, queries and mutations of the lookup module (registered on the shared builder).
export {};
