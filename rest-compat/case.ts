/** Key-case conversion between GraphQL (camelCase) and the legacy JSON / input schemas (snake_case). */

export const toSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const toCamel = (k: string) => k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * Values of these keys are free-form maps or records whose keys are data, not field names
 * (settings keys, credential keys, import rows): they pass through unconverted.
 */
const OPAQUE_KEYS = new Set(['settings', 'credentials', 'records', 'details', 'payload']);

function mapKeysDeep(value: unknown, fn: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeysDeep(v, fn));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [fn(k), OPAQUE_KEYS.has(k) ? v : mapKeysDeep(v, fn)]),
    );
  }
  return value;
}

/** GraphQL input object -> the snake_case shape the input schemas declare. */
export const snakeKeys = (value: unknown) => mapKeysDeep(value, toSnake);
/** Validated REST body -> GraphQL variables. */
export const camelKeys = (value: unknown) => mapKeysDeep(value, toCamel);
