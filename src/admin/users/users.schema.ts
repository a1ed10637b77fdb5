// GraphQL types, queries and mutations of the users module (registered on the shared builder).
export {};
