// GraphQL types, queries and mutations of the packing module (registered on the shared builder).
export {};
