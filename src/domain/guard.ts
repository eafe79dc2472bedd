/** The one way a domain list becomes a type guard, so every `isX` behaves the same. */

/**
 * A guard for membership of `values`: true only for a string that is one of them.
 * Use it where a value crosses into the domain from outside (a jsonb field, a platform payload,
 * an environment variable) instead of a cast.
 */
export function oneOf<const T extends readonly string[]>(values: T): (value: unknown) => value is T[number] {
  return (value: unknown): value is T[number] => typeof value === 'string' && values.some((v) => v === value);
}
