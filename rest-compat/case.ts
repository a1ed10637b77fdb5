/** Key-case conversion from GraphQL (camelCase) to the legacy JSON (snake_case). */

export const toSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

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

/** A GraphQL value -> its legacy snake_case shape. */
export const snakeKeys = (value: unknown) => mapKeysDeep(value, toSnake);
