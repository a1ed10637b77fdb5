// GraphQL types, queries and mutations of the picking module (registered on the shared builder).
export {};
