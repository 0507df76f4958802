import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode, type FieldError } from '../core/errors.js';

/** The one place domain error codes become HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  not_found: 404,
  conflict: 409,
  unique_violation: 409,
  foreign_key_violation: 409,
  not_null_violation: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 423,
  forbidden: 403,
  csrf_failed: 403,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Invalid request',
  not_found: 'Not found',
  conflict: 'Conflict',
  unique_violation: 'Already exists',
  foreign_key_violation: 'Still referenced or missing reference',
  not_null_violation: 'Missing value',
  unauthenticated: 'Not signed in',
  invalid_credentials: 'Wrong credentials',
  account_locked: 'Account locked',
  forbidden: 'Forbidden',
  csrf_failed: 'Missing or wrong CSRF token',
  rate_limited: 'Too many requests',
  payload_too_large: 'Request too large',
  unsupported_media_type: 'Unsupported media type',
  internal: 'Internal error',
};

/** Ajv's errors, one per field, as JSON pointers into the request part that failed. */
function fieldsOf(error: FastifyError): FieldError[] {
  const part = error.validationContext ?? 'body';
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const extra =
      typeof params.missingProperty === 'string'
        ? `/${params.missingProperty}`
        : typeof params.additionalProperty === 'string'
          ? `/${params.additionalProperty}`
          : '';
    const reason =
      typeof params.additionalProperty === 'string'
        ? 'is not a known field'
        : (v.message ?? 'is invalid');
    return {
      field: `${part === 'body' ? '' : `${part}:`}${v.instancePath}${extra}` || '/',
      reason,
    };
  });
}

function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const e = error as FastifyError;
  if (e.validation)
    return new DomainError('validation_failed', 'The request has invalid fields', fieldsOf(e));
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('payload_too_large', e.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('unsupported_media_type', e.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('validation_failed', 'The body is not valid JSON', [
        { field: '/', reason: e.message },
      ]);
  }
  if (e.statusCode === 429) return new DomainError('rate_limited', e.message);
  if (e.statusCode === 400)
    return new DomainError('validation_failed', e.message, [{ field: '/', reason: e.message }]);
  return new DomainError('internal', 'Something went wrong on our side; it has been logged');
}

/** RFC 9457 problem details with a stable `code`, for every error any route throws. */
export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const domain = toDomainError(error);
  const status = STATUS[domain.code];
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://fenghuo.example/problems/${domain.code}`,
      title: TITLES[domain.code],
      status,
      code: domain.code,
      detail: domain.message,
      ...(domain.fields.length > 0 && { errors: domain.fields }),
      ...(Object.keys(domain.details).length > 0 && { details: domain.details }),
    });
}
