import { FormatRegistry } from '@sinclair/typebox';
import { UUID_PATTERN } from './ids.js';

/**
 * The string formats the contract's schemas use, registered with TypeBox on import. TypeBox
 * refuses every value of a format it has not been told about. (Fastify's Ajv has its own.)
 */
const EMAIL_PATTERN =
  /^(?!\.)(?!.*\.\.)[^\s@"(),:;<>[\\\]]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/** A real calendar date as YYYY-MM-DD. */
function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  // Date.parse rolls 2026-02-30 over to March; a real date survives the round trip unchanged.
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

function isEmail(text: string): boolean {
  return EMAIL_PATTERN.test(text);
}

FormatRegistry.Set('date', isDate);
FormatRegistry.Set('email', isEmail);
FormatRegistry.Set('uuid', (value) => UUID_PATTERN.test(value));
