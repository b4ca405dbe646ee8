/**
 * Reading a parsed JSON body's fields without trusting its shape.
 */

/**
 * `value[key]` when `value` is an object (not an array) with `key` as an own property, else
 * undefined: nothing is read from a prototype, and a `__proto__` key is plain data.
 */
export function ownProperty(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
