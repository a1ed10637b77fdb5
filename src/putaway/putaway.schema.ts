// GraphQL types, queries and mutations of the putaway module (registered on the shared builder).
export {};
