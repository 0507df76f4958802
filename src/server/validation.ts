import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Request validation. A JSON body keeps its types: coercing it would turn `null` into `""`
 * wherever a field may be text or null. Query strings and path parameters are text, coerced to
 * the types the schemas name (and a single value to an array where one is expected).
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const options: Options = {
    allErrors: true,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  };
  const body = new Ajv({ ...options, coerceTypes: false });
  const text = new Ajv({ ...options, coerceTypes: 'array' });
  for (const ajv of [body, text]) addFormats.default(ajv);
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}
