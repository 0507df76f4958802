/**
 * The closed set of domain error codes. Each code is stable: clients and tests match on it.
 * The HTTP status for each lives in server/problem.ts, the only place that maps them.
 */
export const ERROR_CODES = [
  'validation_failed',
  'not_found',
  'conflict',
  'unique_violation',
  'foreign_key_violation',
  'not_null_violation',
  'unauthenticated',
  'invalid_credentials',
  'account_locked',
  'forbidden',
  'csrf_failed',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One invalid field: a JSON-pointer-like path (`/contacts/0/email`) and why it is invalid. */
export interface FieldError {
  field: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function validationError(
  fields: FieldError[],
  message = 'The request has invalid fields',
): DomainError {
  return new DomainError('validation_failed', message, fields);
}

export function notFound(entity: string, id: string): DomainError {
  return new DomainError('not_found', `${entity} ${id} was not found`, [], { entity, id });
}

export function forbidden(message = 'You are not allowed to do this'): DomainError {
  return new DomainError('forbidden', message);
}
