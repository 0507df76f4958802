/**
 * A list in pieces small enough for one statement's bound parameters (SQLite caps them at
 * 32,766; a piece of 500 leaves room for the other columns of a multi-row insert).
 */
export function* chunks<T>(items: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
