/**
 * The registry's bulk import and export files: CSV for people with spreadsheets, JSON for
 * programs. Every row is checked by the same rules as the API, and each problem is reported by
 * row and by the column (CSV) or JSON pointer that holds it. Exports parse back to the values
 * they were written from. Pure: no I/O.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ImportKind, RowError } from '../../contract/registry.js';
import type { FieldError } from '../errors.js';
import {
  checkAssetInput,
  checkContactInput,
  checkNetworkInput,
  checkOrganisationInput,
  defaultCii,
  defaultPreferences,
  type AssetValue,
  type Checked,
  type ContactValue,
  type NetworkValue,
  type OrganisationValue,
} from './validation.js';

export type ImportFormat = 'csv' | 'json';

/** An organisation row. Imports match organisations by external id, so it is required here. */
export type OrgImportValue = Omit<OrganisationValue, 'parentId' | 'externalId'> & {
  externalId: string;
  parentExternalId: string | null;
};
export type ContactImportValue = ContactValue & { orgExternalId: string };
export type NetworkImportValue = NetworkValue & { orgExternalId: string };
export type AssetImportValue = AssetValue & { orgExternalId: string };

export interface ImportValues {
  orgs: OrgImportValue;
  contacts: ContactImportValue;
  networks: NetworkImportValue;
  assets: AssetImportValue;
}

/** A good row: its 1-based record number in the file and its checked value. */
export interface ImportRow<K extends ImportKind = ImportKind> {
  row: number;
  value: ImportValues[K];
}

/** A parsed file. Row 0 errors are about the whole file, which then has no rows. */
export interface ParsedImport<K extends ImportKind = ImportKind> {
  rows: ImportRow<K>[];
  errors: RowError[];
  total: number;
}

/**
 * What an export writes. Stored records with their owner's external id fit, and so do import
 * values. An organisation without an external id is written with an empty one, which an import
 * of the file reports, since nothing else could match it.
 */
export interface ExportRecords {
  orgs: Omit<OrganisationValue, 'parentId'> & { parentExternalId: string | null };
  contacts: ContactValue & { orgExternalId: string | null };
  networks: NetworkValue & { orgExternalId: string | null };
  assets: AssetValue & { orgExternalId: string | null };
}

type Cell = 'text' | 'boolean' | 'integer' | 'list' | 'map';

interface Column {
  name: string;
  /** Where the value sits in the JSON shape: `['nameZh']`, or `['cii', 'department']` in a nested object. */
  path: string[];
  cell: Cell;
  required: boolean;
  /** An empty cell means "the default" here, so an empty list needs a word of its own. */
  none: boolean;
}

interface KindSpec<K extends ImportKind> {
  columns: Column[];
  /** Nested objects, created with these defaults once any of their columns has a value. */
  groups?: Record<string, () => object>;
  /** Errors about a whole nested object, reported on the column a person should fill in. */
  aliases?: Record<string, string>;
  /** The key no two rows of one file may share, reported on `/externalId`. */
  key?: (value: ImportValues[K]) => string;
  check(record: Record<string, unknown>): Checked<ImportValues[K]>;
  /** An export record in the JSON shape: input fields and owner reference, nothing only stored. */
  toRecord(record: ExportRecords[K]): Record<string, unknown>;
}

function col(
  name: string,
  path: string,
  cell: Cell = 'text',
  flags: { required?: boolean; none?: boolean } = {},
): Column {
  return {
    name,
    path: path.split('.'),
    cell,
    required: flags.required ?? false,
    none: flags.none ?? false,
  };
}

const REQUIRED = { required: true };

function invalid<T>(errors: FieldError[]): Checked<T> {
  return { value: null as T, errors };
}

/** Joins the row-level problems found here with those of the domain check, or builds the row value. */
function combine<T, V>(
  errors: FieldError[],
  checked: Checked<T>,
  build: (value: T) => V,
): Checked<V> {
  if (errors.length > 0 || checked.errors.length > 0) {
    return invalid([...errors, ...checked.errors]);
  }
  return { value: build(checked.value), errors: [] };
}

/** The external id a row uses to name an organisation; problems go to `errors`. */
function reference(
  value: unknown,
  field: string,
  required: boolean,
  errors: FieldError[],
): string | null {
  if (value === undefined || value === null) {
    if (required) {
      errors.push({
        field,
        reason: 'is required: the external id of the organisation the row belongs to',
      });
    }
    return null;
  }
  if (typeof value === 'string' && value !== '') return value;
  errors.push({ field, reason: 'must be the external id of an organisation' });
  return null;
}

/** Contacts, networks and assets: the contract input plus the external id of their organisation. */
function owned<T>(check: (input: unknown) => Checked<T>) {
  return (record: Record<string, unknown>): Checked<T & { orgExternalId: string }> => {
    const { orgExternalId, ...input } = record;
    const errors: FieldError[] = [];
    const owner = reference(orgExternalId, '/orgExternalId', true, errors);
    return combine(errors, check(input), (value) => ({ ...value, orgExternalId: owner! }));
  };
}

const SPECS: { [K in ImportKind]: KindSpec<K> } = {
  orgs: {
    columns: [
      col('external_id', 'externalId', 'text', REQUIRED),
      col('kind', 'kind', 'text', REQUIRED),
      col('parent_external_id', 'parentExternalId'),
      col('name_zh', 'nameZh', 'text', REQUIRED),
      col('name_en', 'nameEn', 'text', REQUIRED),
      col('sector', 'sector'),
      col('region', 'region'),
      col('country', 'country', 'text', REQUIRED),
      col('cii', 'cii.designated', 'boolean'),
      col('cii_department', 'cii.department'),
      col('cii_date', 'cii.date'),
      col('cii_legal_basis', 'cii.legalBasis'),
      col('remit_sectors', 'remit.sectors', 'list'),
      col('remit_regions', 'remit.regions', 'list'),
      col('remit_functions', 'remit.functions', 'list'),
      col('timezone', 'timezone'),
      col('language', 'language'),
      col('external_ids', 'externalIds', 'map'),
    ],
    groups: { cii: defaultCii, remit: () => ({ sectors: [], regions: [], functions: [] }) },
    aliases: { '/remit': 'remit_functions' },
    key: (org) => org.externalId,
    check(record) {
      const { parentExternalId, parentId, ...input } = record;
      const errors: FieldError[] = [];
      if (parentId !== undefined) {
        errors.push({
          field: '/parentId',
          reason: 'is not used in imports: name the parent by parentExternalId',
        });
      }
      if (input.externalId === undefined || input.externalId === null) {
        errors.push({
          field: '/externalId',
          reason: 'is required in imports: it is how a row finds its organisation again',
        });
      }
      const parent = reference(parentExternalId, '/parentExternalId', false, errors);
      if (parent !== null && parent === input.externalId) {
        errors.push({ field: '/parentExternalId', reason: 'cannot be the organisation itself' });
      }
      return combine(
        errors,
        checkOrganisationInput(input),
        ({ parentId: _, externalId, ...org }) => ({
          ...org,
          externalId: externalId!,
          parentExternalId: parent,
        }),
      );
    },
    toRecord: (o) => ({
      externalId: o.externalId,
      parentExternalId: o.parentExternalId,
      kind: o.kind,
      nameZh: o.nameZh,
      nameEn: o.nameEn,
      sector: o.sector,
      region: o.region,
      country: o.country,
      cii: o.cii,
      remit: o.remit,
      timezone: o.timezone,
      language: o.language,
      externalIds: o.externalIds,
    }),
  },
  contacts: {
    columns: [
      col('org_external_id', 'orgExternalId', 'text', REQUIRED),
      col('external_id', 'externalId'),
      col('name', 'name', 'text', REQUIRED),
      col('email', 'email', 'text', REQUIRED),
      col('phone', 'phone'),
      col('role', 'role', 'text', REQUIRED),
      col('language', 'language'),
      col('pgp_key', 'pgpKey'),
      col('channels', 'preferences.channels', 'list', { none: true }),
      col('digest', 'preferences.digest'),
      col('digest_hour', 'preferences.digestHour', 'integer'),
    ],
    groups: { preferences: defaultPreferences },
    check: owned(checkContactInput),
    toRecord: (c) => ({
      orgExternalId: c.orgExternalId,
      externalId: c.externalId,
      name: c.name,
      email: c.email,
      phone: c.phone,
      role: c.role,
      language: c.language,
      pgpKey: c.pgpKey,
      preferences: c.preferences,
    }),
  },
  networks: {
    columns: [
      col('org_external_id', 'orgExternalId', 'text', REQUIRED),
      col('value', 'value', 'text', REQUIRED),
      col('note', 'note'),
    ],
    check: owned(checkNetworkInput),
    // The type is not written: it follows from the value.
    toRecord: (n) => ({ orgExternalId: n.orgExternalId, value: n.value, note: n.note }),
  },
  assets: {
    columns: [
      col('org_external_id', 'orgExternalId', 'text', REQUIRED),
      col('external_id', 'externalId'),
      col('kind', 'kind', 'text', REQUIRED),
      col('name', 'name', 'text', REQUIRED),
      col('vendor', 'vendor'),
      col('product', 'product'),
      col('version', 'version'),
      col('cpe', 'cpe'),
      col('purl', 'purl'),
      col('mlps_level', 'mlpsLevel', 'integer'),
      col('cii', 'cii', 'boolean'),
      col('internet_facing', 'internetFacing', 'boolean'),
    ],
    check: owned(checkAssetInput),
    toRecord: (a) => ({
      orgExternalId: a.orgExternalId,
      externalId: a.externalId,
      kind: a.kind,
      name: a.name,
      vendor: a.vendor,
      product: a.product,
      version: a.version,
      cpe: a.cpe,
      purl: a.purl,
      mlpsLevel: a.mlpsLevel,
      cii: a.cii,
      internetFacing: a.internetFacing,
    }),
  },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one record in the JSON import shape (contract input plus `parentExternalId` or
 * `orgExternalId`) and returns the value `parseImportFile` would, so generated data can take the
 * same path as files.
 */
export function checkImportRecord<K extends ImportKind>(
  kind: K,
  record: unknown,
): Checked<ImportValues[K]> {
  if (!isRecord(record)) return invalid([{ field: '/', reason: 'must be an object' }]);
  return SPECS[kind].check(record);
}

/** Reads an import file; rows with any problem are left out and all their problems reported. */
export function parseImportFile<K extends ImportKind>(
  kind: K,
  format: ImportFormat,
  text: string,
): ParsedImport<K> {
  return format === 'csv' ? parseCsv(kind, text) : parseJson(kind, text);
}

/** Collects the rows of one file, turning the checks' JSON pointers into the file's field names. */
class RowCollector<K extends ImportKind> {
  readonly rows: ImportRow<K>[] = [];
  readonly errors: RowError[] = [];
  private readonly keys = new Map<string, number>();

  constructor(
    private readonly spec: KindSpec<K>,
    private readonly fieldName: (pointer: string) => string,
  ) {}

  add(row: number, checked: Checked<ImportValues[K]>, cellErrors: FieldError[] = []): void {
    const problems = [
      ...cellErrors,
      ...checked.errors.map((e) => ({ field: this.fieldName(e.field), reason: e.reason })),
    ];
    if (problems.length === 0 && this.spec.key) {
      const key = this.spec.key(checked.value);
      const first = this.keys.get(key);
      if (first === undefined) {
        this.keys.set(key, row);
      } else {
        const reason = `repeats the external id of row ${first}`;
        problems.push({ field: this.fieldName('/externalId'), reason });
      }
    }
    if (problems.length === 0) {
      this.rows.push({ row, value: checked.value });
      return;
    }
    // A cell that could not be read is also missing to the domain check: keep the first reason.
    const reported = new Set<string>();
    for (const { field, reason } of problems) {
      if (reported.has(field)) continue;
      reported.add(field);
      this.errors.push({ row, field, reason });
    }
  }
}

function fileProblem<K extends ImportKind>(field: string, reason: string): ParsedImport<K> {
  return { rows: [], errors: [{ row: 0, field, reason }], total: 0 };
}

function parseJson<K extends ImportKind>(kind: K, text: string): ParsedImport<K> {
  let data: unknown;
  try {
    data = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return fileProblem('file', `is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) {
    return fileProblem('file', 'must be a JSON array with one object per row');
  }
  const collector = new RowCollector(SPECS[kind], (pointer) => pointer);
  data.forEach((item, i) => collector.add(i + 1, checkImportRecord(kind, item)));
  return { rows: collector.rows, errors: collector.errors, total: data.length };
}

const CSV_OPTIONS = {
  bom: true,
  trim: true,
  // Hand-edited files have stray quotes inside cells (Acme "Best" Ltd) and mixed line endings.
  relax_quotes: true,
  record_delimiter: ['\r\n', '\n', '\r'],
  // Short rows are read as empty trailing cells; long rows are reported per row below.
  relax_column_count: true,
};

function parseCsv<K extends ImportKind>(kind: K, text: string): ParsedImport<K> {
  // A decoder meeting bytes that are not UTF-8 leaves U+FFFD; Excel on Chinese Windows saves GBK.
  if (text.includes('\uFFFD')) {
    return fileProblem('file', 'is not UTF-8 text: save it as "CSV UTF-8" and import it again');
  }
  let records: string[][];
  try {
    records = parse(text, CSV_OPTIONS);
  } catch (error) {
    return fileProblem('file', `is not readable CSV: ${(error as Error).message}`);
  }
  const spec = SPECS[kind];
  const header = records[0];
  if (!header) return fileProblem('file', 'is empty');

  const columns: Column[] = [];
  const problems: RowError[] = [];
  header.forEach((title, i) => {
    const name = title.toLowerCase();
    const column = spec.columns.find((c) => c.name === name);
    if (!column) {
      const known = spec.columns.map((c) => c.name).join(', ');
      problems.push({
        row: 0,
        field: name || `column ${i + 1}`,
        reason: `is not a known column for ${kind}; the columns are ${known}`,
      });
    } else if (columns.includes(column)) {
      problems.push({ row: 0, field: name, reason: 'appears twice in the header' });
    }
    if (column) columns[i] = column;
  });
  for (const column of spec.columns) {
    if (column.required && !columns.includes(column)) {
      problems.push({ row: 0, field: column.name, reason: 'is a required column' });
    }
  }
  if (problems.length > 0) return { rows: [], errors: problems, total: 0 };

  const collector = new RowCollector(spec, (pointer) => csvColumn(spec, pointer));
  let total = 0;
  for (let row = 1; row < records.length; row++) {
    const cells = records[row]!;
    // Blank lines and rows of empty cells (spreadsheets leave them at the end) are not records,
    // but still count in the numbering so row numbers match what the person sees.
    if (cells.every((cell) => cell === '')) continue;
    total++;
    const record: Record<string, unknown> = {};
    const cellErrors: FieldError[] = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      if (cell === '') continue;
      const column = columns[i];
      if (!column) {
        cellErrors.push({
          field: `column ${i + 1}`,
          reason: 'is to the right of the last header column',
        });
        continue;
      }
      const value = readCell(column, cell);
      if (value instanceof CellProblem) {
        cellErrors.push({ field: column.name, reason: value.reason });
      } else {
        place(record, column.path, value, spec.groups);
      }
    }
    collector.add(row, spec.check(record), cellErrors);
  }
  return { rows: collector.rows, errors: collector.errors, total };
}

/** The CSV column holding what a JSON pointer names (`/cii/date` → `cii_date`). */
function csvColumn(
  spec: Pick<KindSpec<ImportKind>, 'columns' | 'aliases'>,
  pointer: string,
): string {
  for (const column of spec.columns) {
    const path = `/${column.path.join('/')}`;
    if (pointer === path || pointer.startsWith(`${path}/`)) return column.name;
  }
  return spec.aliases?.[pointer] ?? pointer;
}

class CellProblem {
  constructor(readonly reason: string) {}
}

const TRUE_WORDS = new Set(['true', 'yes', '1', '是']);
const FALSE_WORDS = new Set(['false', 'no', '0', '否']);

function readCell(column: Column, cell: string): unknown {
  switch (column.cell) {
    case 'text':
      return cell;
    case 'boolean': {
      const word = cell.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return new CellProblem('must be true or false (yes/no and 1/0 work too)');
    }
    case 'integer':
      return /^-?\d+$/.test(cell) ? Number(cell) : new CellProblem('must be a whole number');
    case 'list':
      return column.none && cell.toLowerCase() === 'none' ? [] : splitList(cell);
    case 'map': {
      const entries: [string, string][] = [];
      for (const item of splitList(cell)) {
        const equals = item.indexOf('=');
        if (equals <= 0) return new CellProblem('must be key=value pairs separated by ;');
        entries.push([item.slice(0, equals).trim(), item.slice(equals + 1).trim()]);
      }
      // fromEntries defines keys as own properties, so a key named __proto__ cannot reach the prototype.
      return Object.fromEntries(entries);
    }
  }
}

function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function place(
  record: Record<string, unknown>,
  path: string[],
  value: unknown,
  groups: KindSpec<ImportKind>['groups'],
) {
  const [first, second] = path as [string, string | undefined];
  if (second === undefined) {
    record[first] = value;
    return;
  }
  const group = (record[first] ??= groups![first]!()) as Record<string, unknown>;
  group[second] = value;
}

/** Writes an export file that `parseImportFile` reads back to the same values. */
export function formatExportFile<K extends ImportKind>(
  kind: K,
  format: ImportFormat,
  records: readonly ExportRecords[K][],
): string {
  const spec = SPECS[kind];
  const objects = records.map((record) => spec.toRecord(record));
  if (format === 'json') return `${JSON.stringify(objects, null, 2)}\n`;
  const rows = objects.map((object) =>
    spec.columns.map((column) => writeCell(column, valueAt(object, column.path))),
  );
  // The byte order mark makes Excel read UTF-8 rather than the system code page (GBK on Chinese Windows).
  return stringify([spec.columns.map((column) => column.name), ...rows], { bom: true });
}

function valueAt(object: Record<string, unknown>, path: string[]): unknown {
  let value: unknown = object;
  for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
  return value;
}

function writeCell(column: Column, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.length === 0 && column.none ? 'none' : value.join(';');
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([key, item]) => `${key}=${String(item)}`)
      .join(';');
  }
  return String(value);
}
