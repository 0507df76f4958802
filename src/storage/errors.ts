import { DomainError } from '../core/errors.js';

interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  detail?: unknown;
  column?: unknown;
}

/**
 * Turns constraint violations of either driver into DomainErrors with stable codes; anything
 * else passes through unchanged. SQLite names the columns in its message, pg in `detail`.
 */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof DomainError || typeof error !== 'object' || error === null) return error;
  const { code, message, constraint, detail, column } = error as DriverError;
  const text = typeof message === 'string' ? message : '';
  const where = typeof detail === 'string' ? detail : text;
  switch (code) {
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case '23505':
      return new DomainError(
        'unique_violation',
        `A record with the same key already exists (${where})`,
        [],
        {
          constraint: constraint ?? text.replace(/^UNIQUE constraint failed: /, ''),
        },
      );
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
    case '23503':
      return new DomainError(
        'foreign_key_violation',
        `A referenced record does not exist or is still referenced (${where})`,
        [],
        {
          constraint: constraint ?? null,
        },
      );
    case 'SQLITE_CONSTRAINT_NOTNULL':
    case '23502':
      return new DomainError('not_null_violation', `A required value is missing (${where})`, [], {
        column: column ?? text.replace(/^NOT NULL constraint failed: /, ''),
      });
    default:
      return error;
  }
}
