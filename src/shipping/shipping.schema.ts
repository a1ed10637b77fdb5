// GraphQL types, queries and mutations of the shipping module (registered on the shared builder).
export {};
