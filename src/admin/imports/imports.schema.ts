// GraphQL types, queries and mutations of the imports module (registered on the shared builder).
export {};
