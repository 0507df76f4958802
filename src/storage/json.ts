import type { Dialect } from './database.js';

/** The column type for JSON: jsonb where the engine has it, text on SQLite. */
export function jsonColumnType(dialect: Dialect): 'jsonb' | 'text' {
  return dialect === 'postgres' ? 'jsonb' : 'text';
}

/** Both drivers accept JSON text for a JSON column; pg casts it to jsonb. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** pg parses jsonb itself; better-sqlite3 hands back the text. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
