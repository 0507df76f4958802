/**
 * Domain validation of registry records, shared by the API and the bulk importers so both accept
 * and refuse exactly the same things. Each check first tests the shape against the contract
 * schema, then applies defaults, then the rules that span fields. Pure: no I/O.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import {
  AssetInput,
  ContactInput,
  NetworkInput,
  OrganisationInput,
  type CiiDesignation,
  type NetworkType,
  type NotificationPreferences,
} from '../../contract/registry.js';
import type { FieldError } from '../errors.js';
import '../formats.js';
import { parseNetworkValue } from './network-value.js';
import { isValidTimezone, regionCountry, regionProblem } from './vocabulary.js';

/** An organisation with every optional field filled in (defaults or null). */
export type OrganisationValue = Required<OrganisationInput>;
export type ContactValue = Required<ContactInput>;
export type AssetValue = Required<AssetInput>;
export interface NetworkValue {
  type: NetworkType;
  /** Canonical form, as `parseNetworkValue` spells it. */
  value: string;
  note: string | null;
}

/**
 * A checked input. `value` is the normalised record, usable only when `errors` is empty; with
 * errors it is null, typed as T so that callers who test `errors` first need no assertion.
 */
export interface Checked<T> {
  value: T;
  errors: FieldError[];
}

/** The CII designation of an organisation that has none. */
export function defaultCii(): CiiDesignation {
  return { designated: false, department: null, date: null, legalBasis: null };
}

/** The notification preferences of a new contact. */
export function defaultPreferences(): NotificationPreferences {
  return { channels: ['inbox', 'email'], digest: 'daily', digestHour: 9 };
}

const FORMAT_REASONS: Record<string, string> = {
  date: 'must be a real date written YYYY-MM-DD',
  email: 'must be an e-mail address such as soc@example.cn',
  uuid: 'must be an id (a UUID)',
};

/** Schema patterns say nothing to a person, so each patterned field explains itself. */
const PATTERN_REASONS: Record<string, string> = {
  '/country': 'must be a two-letter ISO 3166-1 country code in capitals, such as CN',
  '/phone': 'must be a phone number of digits, spaces, ( ) and -, optionally starting with +',
  '/cpe': 'must be a CPE 2.3 name starting cpe:2.3:a:, cpe:2.3:o: or cpe:2.3:h:',
  '/purl': 'must be a package URL such as pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
};

/** Shape problems in plain words, one per field (the first TypeBox reports). */
export function shapeErrors(schema: TSchema, value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  collectShapeErrors(schema, value, '', errors, new Set());
  return errors;
}

function collectShapeErrors(
  schema: TSchema,
  value: unknown,
  prefix: string,
  out: FieldError[],
  seen: Set<string>,
) {
  for (const error of Value.Errors(schema, value)) {
    const path = prefix + error.path;
    const field = path || '/';
    if (seen.has(field)) continue;
    // A nullable field that is not null failed its one real variant; that variant's errors say
    // more (`/remit/functions` needs an item) than "does not match the union" at `/remit`.
    const variants = (error.schema.anyOf as TSchema[] | undefined)?.filter(
      (s) => s.type !== 'null',
    );
    if (error.type === ValueErrorType.Union && variants?.length === 1 && error.value !== null) {
      collectShapeErrors(variants[0]!, error.value, path, out, seen);
    } else {
      out.push({ field, reason: shapeReason(error, field) });
    }
    seen.add(field);
  }
}

function shapeReason(error: ValueError, field: string): string {
  const schema = error.schema;
  if (error.type === ValueErrorType.ObjectRequiredProperty) return 'is required';
  if (error.type === ValueErrorType.ObjectAdditionalProperties) return 'is not a known field';
  if (error.type === ValueErrorType.StringMinLength) {
    return schema.minLength === 1
      ? 'must not be empty'
      : `must be at least ${schema.minLength} characters long`;
  }
  if (error.type === ValueErrorType.StringMaxLength) {
    return `must be at most ${schema.maxLength} characters long`;
  }
  if (error.type === ValueErrorType.ArrayMinItems) {
    return `must have at least ${schema.minItems} ${schema.minItems === 1 ? 'entry' : 'entries'}`;
  }
  return expectation(schema, field);
}

/** What a value of this schema must be, e.g. "must be one of energy, finance, …". */
function expectation(schema: TSchema, field: string): string {
  if (schema.anyOf) {
    const variants = (schema.anyOf as TSchema[]).filter((s) => s.type !== 'null');
    if (variants.every((s) => s.const !== undefined)) {
      return `must be one of ${variants.map((s) => s.const).join(', ')}`;
    }
    return variants.length === 1 ? expectation(variants[0]!, field) : 'has an unexpected form';
  }
  if (schema.const !== undefined) return `must be ${schema.const}`;
  switch (schema.type) {
    case 'string':
      if (schema.format) return FORMAT_REASONS[schema.format] ?? `must be a ${schema.format}`;
      if (schema.pattern) return PATTERN_REASONS[field] ?? 'does not have the expected form';
      return 'must be text';
    case 'integer':
      return schema.minimum !== undefined && schema.maximum !== undefined
        ? `must be a whole number from ${schema.minimum} to ${schema.maximum}`
        : 'must be a whole number';
    case 'boolean':
      return 'must be true or false';
    case 'array':
      return 'must be a list';
    case 'object':
      return 'must be an object';
    default:
      return 'is not valid';
  }
}

function invalid<T>(errors: FieldError[]): Checked<T> {
  return { value: null as T, errors };
}

function result<T>(value: T, errors: FieldError[]): Checked<T> {
  return errors.length > 0 ? invalid(errors) : { value, errors };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A patch is checked as the whole record it produces, so rules across fields (remit only for
 * authorities, CII details when designated) still hold after it. Nested objects are replaced.
 */
function checkPatch<T extends object>(
  schema: TSchema,
  existing: T,
  patch: unknown,
  check: (input: unknown) => Checked<T>,
): Checked<T> {
  if (!isRecord(patch)) return invalid([{ field: '/', reason: 'must be an object' }]);
  // Stored records carry ids and timestamps; only the input fields take part.
  const current: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties as object)) {
    current[key] = (existing as Record<string, unknown>)[key];
  }
  return check({ ...current, ...patch });
}

/** Checks a new organisation and fills in defaults (time zone and language follow the country). */
export function checkOrganisationInput(input: unknown): Checked<OrganisationValue> {
  if (!Value.Check(OrganisationInput, input)) return invalid(shapeErrors(OrganisationInput, input));
  const china = input.country === 'CN';
  const value: OrganisationValue = {
    externalId: input.externalId ?? null,
    kind: input.kind,
    parentId: input.parentId ?? null,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    sector: input.sector ?? null,
    region: input.region ?? null,
    country: input.country,
    cii: input.cii ?? defaultCii(),
    remit: input.remit ?? null,
    timezone: input.timezone ?? (china ? 'Asia/Shanghai' : 'UTC'),
    language: input.language ?? (china ? 'zh-CN' : 'en'),
    externalIds: input.externalIds ?? {},
  };
  return result(value, organisationProblems(value));
}

/** Checks a change to an organisation; `existing` may be the stored record. */
export function checkOrganisationPatch(
  existing: OrganisationValue,
  patch: unknown,
): Checked<OrganisationValue> {
  return checkPatch(OrganisationInput, existing, patch, checkOrganisationInput);
}

/**
 * Building an Intl.DateTimeFormat to test a zone takes ~60 µs, which dominates large organisation
 * imports, so good answers are remembered. The cap keeps odd spellings from growing it forever.
 */
const validZones = new Set<string>();
function knownTimezone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!isValidTimezone(zone)) return false;
  if (validZones.size < 1000) validZones.add(zone);
  return true;
}

function organisationProblems(org: OrganisationValue): FieldError[] {
  const errors: FieldError[] = [];
  if (org.region !== null) {
    const problem = regionProblem(org.region);
    if (problem) errors.push({ field: '/region', reason: problem });
    else if (regionCountry(org.region) !== org.country) {
      errors.push({
        field: '/region',
        reason: `is in ${regionCountry(org.region)}, but the country is ${org.country}`,
      });
    }
  }
  if (!knownTimezone(org.timezone)) {
    errors.push({ field: '/timezone', reason: 'must be an IANA time zone such as Asia/Shanghai' });
  }
  if (org.kind === 'authority' && org.remit === null) {
    errors.push({
      field: '/remit',
      reason: 'is required for an authority: it decides which reports reach it',
    });
  }
  if (org.kind !== 'authority' && org.remit !== null) {
    errors.push({ field: '/remit', reason: 'is only for authorities' });
  }
  org.remit?.regions.forEach((region, i) => {
    const problem = regionProblem(region);
    if (problem) errors.push({ field: `/remit/regions/${i}`, reason: problem });
  });
  if (org.cii.designated) {
    const why =
      'is required when the organisation is designated critical information infrastructure';
    if (!org.cii.department) errors.push({ field: '/cii/department', reason: why });
    if (!org.cii.date) errors.push({ field: '/cii/date', reason: why });
  }
  return errors;
}

const PGP_PUBLIC_KEY =
  /^-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n[\s\S]+\r?\n-----END PGP PUBLIC KEY BLOCK-----$/;

/** Checks a new contact and fills in defaults. */
export function checkContactInput(input: unknown): Checked<ContactValue> {
  if (!Value.Check(ContactInput, input)) return invalid(shapeErrors(ContactInput, input));
  const value: ContactValue = {
    externalId: input.externalId ?? null,
    name: input.name,
    email: input.email,
    phone: input.phone ?? null,
    role: input.role,
    language: input.language ?? 'zh-CN',
    pgpKey: input.pgpKey ?? null,
    preferences: input.preferences ?? defaultPreferences(),
  };
  const errors: FieldError[] = [];
  if (value.pgpKey !== null) {
    const key = value.pgpKey.trim();
    if (key.includes('PRIVATE KEY BLOCK')) {
      errors.push({
        field: '/pgpKey',
        reason: 'is a private key: give only the public key, and treat this one as exposed',
      });
    } else if (!PGP_PUBLIC_KEY.test(key)) {
      errors.push({
        field: '/pgpKey',
        reason:
          'must be an ASCII-armored public key, from -----BEGIN PGP PUBLIC KEY BLOCK----- to -----END PGP PUBLIC KEY BLOCK-----',
      });
    }
  }
  return result(value, errors);
}

/** Checks a change to a contact; `existing` may be the stored record. */
export function checkContactPatch(existing: ContactValue, patch: unknown): Checked<ContactValue> {
  return checkPatch(ContactInput, existing, patch, checkContactInput);
}

/** Checks a network entry and puts its value in canonical form. */
export function checkNetworkInput(input: unknown): Checked<NetworkValue> {
  if (!Value.Check(NetworkInput, input)) return invalid(shapeErrors(NetworkInput, input));
  const parsed = parseNetworkValue(input.value);
  if ('error' in parsed) return invalid([{ field: '/value', reason: parsed.error }]);
  return {
    value: { type: parsed.type, value: parsed.canonical, note: input.note ?? null },
    errors: [],
  };
}

/** Checks a new asset and fills in defaults. */
export function checkAssetInput(input: unknown): Checked<AssetValue> {
  if (!Value.Check(AssetInput, input)) return invalid(shapeErrors(AssetInput, input));
  const value: AssetValue = {
    externalId: input.externalId ?? null,
    kind: input.kind,
    name: input.name,
    vendor: input.vendor ?? null,
    product: input.product ?? null,
    version: input.version ?? null,
    cpe: input.cpe ?? null,
    purl: input.purl ?? null,
    mlpsLevel: input.mlpsLevel ?? null,
    cii: input.cii ?? false,
    internetFacing: input.internetFacing ?? false,
  };
  const errors: FieldError[] = [];
  const cpe = value.cpe === null ? null : cpeProblem(value.cpe);
  if (cpe) errors.push({ field: '/cpe', reason: cpe });
  const purl = value.purl === null ? null : purlProblem(value.purl);
  if (purl) errors.push({ field: '/purl', reason: purl });
  // Advisories name products by vendor and product, CPE or purl; without one nothing can match.
  if (value.kind === 'product' && !(value.vendor && value.product) && !value.cpe && !value.purl) {
    errors.push({
      field: '/product',
      reason: 'a product needs a vendor and product name, a CPE or a package URL',
    });
  }
  return result(value, errors);
}

/** Checks a change to an asset; `existing` may be the stored record. */
export function checkAssetPatch(existing: AssetValue, patch: unknown): Checked<AssetValue> {
  return checkPatch(AssetInput, existing, patch, checkAssetInput);
}

const CPE_PARTS = ['a', 'h', 'o', '*', '-'];

/** Why a CPE 2.3 formatted string (NISTIR 7695 §6.2) is malformed, or null. */
function cpeProblem(cpe: string): string | null {
  // Split on colons that are not escaped: `\:` belongs to the component.
  const components: string[] = [];
  let current = '';
  for (let i = 0; i < cpe.length; i++) {
    const c = cpe[i]!;
    if (c === '\\') {
      if (i + 1 === cpe.length) return 'ends with an unfinished \\ escape';
      current += c + cpe[++i];
    } else if (c === ':') {
      components.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  components.push(current);
  if (components.length !== 13) {
    return `must have 13 colon-separated components (cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other), not ${components.length}`;
  }
  if (components[0] !== 'cpe' || components[1] !== '2.3') return 'must start with cpe:2.3:';
  if (!CPE_PARTS.includes(components[2]!)) {
    return 'must have a, h, o, * or - as its part (the third component)';
  }
  if (components.some((c) => c === '')) {
    return 'has an empty component: write * for any value or - for not applicable';
  }
  if (/\s/.test(cpe)) return 'must not contain spaces';
  return null;
}

/**
 * Why a package URL is malformed, or null. Not a full parser: it checks the parts are where the
 * purl spec puts them (`pkg:type/namespace/name@version?qualifiers#subpath`). The schema pattern
 * has already required `pkg:` and a type followed by `/`.
 */
function purlProblem(purl: string): string | null {
  let rest = purl.slice(purl.indexOf('/') + 1);
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const question = rest.indexOf('?');
  if (question >= 0) {
    const qualifiers = rest.slice(question + 1).split('&');
    if (!qualifiers.every((q) => /^[A-Za-z0-9._-]+=./.test(q))) {
      return 'has qualifiers that are not key=value pairs joined by &';
    }
    rest = rest.slice(0, question);
  }
  rest = rest.replace(/\/+$/, '');
  // The version follows the last @ of the last segment, so that an unencoded npm scope
  // (@angular/core) is not mistaken for one.
  const at = rest.lastIndexOf('@');
  if (at > rest.lastIndexOf('/')) {
    if (at === rest.length - 1) return 'has an @ but no version after it';
    rest = rest.slice(0, at);
  }
  return rest.slice(rest.lastIndexOf('/') + 1) === '' ? 'has no package name after the type' : null;
}
