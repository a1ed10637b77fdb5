// GraphQL types, queries and mutations of the inventory module (registered on the shared builder).
export {};
