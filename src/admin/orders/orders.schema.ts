// GraphQL types, queries and mutations of the orders module (registered on the shared builder).
export {};
