// GraphQL types, queries and mutations of the system module (registered on the shared builder).
export {};
