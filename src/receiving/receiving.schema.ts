// GraphQL types, queries and mutations of the receiving module (registered on the shared builder).
export {};
