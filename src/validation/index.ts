export * from './errors';
export * from './pydantic';
export * from './body';
