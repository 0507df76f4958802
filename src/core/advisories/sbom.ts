import { PackageURL } from 'packageurl-js';
import { DomainError, validationError, type FieldError } from '../errors.js';
import { parseCpe } from './cpe.js';

/**
 * SBOM files (CycloneDX JSON 1.4 to 1.6, SPDX 2.3 JSON) read into the components an
 * organisation runs, for matching against advisories. Purls and CPEs are kept as the file has
 * them, once checked; one that cannot be read refuses the whole file, so that nothing is
 * silently left out of matching.
 */

export interface SbomComponent {
  /** The component's `bom-ref` (CycloneDX) or `SPDXID` (SPDX), else its JSON pointer. */
  ref: string;
  name: string;
  version: string | null;
  vendor: string | null;
  purl: string | null;
  /** A CPE 2.3 formatted string or a CPE 2.2 URI, as the file has it. */
  cpe: string | null;
}

export interface Sbom {
  format: 'cyclonedx' | 'spdx';
  /** `1.4`, `1.5` or `1.6` for CycloneDX; `2.3` for SPDX. */
  specVersion: string;
  /** The product the SBOM describes. */
  name: string | null;
  components: SbomComponent[];
}

const CYCLONEDX_VERSIONS = ['1.4', '1.5', '1.6'];
const SPDX_VERSION = 'SPDX-2.3';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(field: string, reason: string): never {
  throw validationError([{ field, reason }], 'The SBOM cannot be read');
}

/** Reads a parsed CycloneDX or SPDX JSON document; other formats and versions are refused. */
export function parseSbom(document: unknown): Sbom {
  if (typeof document === 'string') refuseText(document);
  if (!isObject(document)) {
    refuse('/', 'must be a JSON object: a CycloneDX (1.4 to 1.6) or SPDX 2.3 JSON document');
  }
  if ('spdxVersion' in document) return readSpdx(document);
  if ('bomFormat' in document) return readCycloneDx(document);
  return refuse(
    '/bomFormat',
    'is missing: the document is neither CycloneDX JSON (bomFormat) nor SPDX JSON (spdxVersion)',
  );
}

/** Text reaches here when it could not be parsed as JSON: say which format it is instead. */
function refuseText(text: string): never {
  if (text.trimStart().startsWith('<')) {
    refuse('/bomFormat', 'XML SBOMs are not supported; export CycloneDX JSON instead');
  }
  if (/^SPDXVersion:/m.test(text)) {
    refuse(
      '/spdxVersion',
      'SPDX tag-value documents are not supported; export SPDX 2.3 JSON instead',
    );
  }
  return refuse('/', 'must be a JSON object: a CycloneDX (1.4 to 1.6) or SPDX 2.3 JSON document');
}

/** Collects every problem of a document, so that one refusal names them all. */
class Reader {
  readonly errors: FieldError[] = [];

  /** An optional string; empty and `NOASSERTION` (SPDX's "unknown") read as null. */
  text(value: unknown, field: string): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.errors.push({ field, reason: 'must be a string' });
      return null;
    }
    return value === '' || value === 'NOASSERTION' ? null : value;
  }

  name(value: unknown, field: string): string | null {
    const isText = value === undefined || value === null || typeof value === 'string';
    const name = this.text(value, field);
    if (name === null && isText) {
      this.errors.push({ field, reason: 'is required: a component must have a name' });
    }
    return name;
  }

  array(value: unknown, field: string): unknown[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    this.errors.push({ field, reason: 'must be an array' });
    return [];
  }

  object(value: unknown, field: string): JsonObject | null {
    if (isObject(value)) return value;
    this.errors.push({ field, reason: 'must be an object' });
    return null;
  }

  purl(value: unknown, field: string): string | null {
    const purl = this.text(value, field);
    if (purl === null) return null;
    try {
      PackageURL.fromString(purl);
      return purl;
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      const detail = message.startsWith('Invalid purl: ') ? `: ${message.slice(14)}` : '';
      this.errors.push({ field, reason: `is not a valid purl${detail}` });
      return null;
    }
  }

  cpe(value: unknown, field: string): string | null {
    const cpe = this.text(value, field);
    if (cpe === null) return null;
    try {
      parseCpe(cpe);
      return cpe;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const reason = error.fields[0]?.reason ?? error.message;
      this.errors.push({ field, reason: `is not a valid CPE name: ${reason}` });
      return null;
    }
  }

  /** Refuses the document, naming every problem found, if there was any. */
  check(): void {
    if (this.errors.length > 0) throw validationError(this.errors, 'The SBOM cannot be read');
  }
}

/** The components without repeats: the same name, version, purl and CPE count once. */
function distinct(components: SbomComponent[]): SbomComponent[] {
  const seen = new Set<string>();
  return components.filter((c) => {
    const key = JSON.stringify([c.name, c.version, c.purl, c.cpe]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readCycloneDx(document: JsonObject): Sbom {
  if (document.bomFormat !== 'CycloneDX') {
    refuse('/bomFormat', `must be "CycloneDX", not ${JSON.stringify(document.bomFormat)}`);
  }
  const specVersion = document.specVersion;
  if (typeof specVersion !== 'string' || !CYCLONEDX_VERSIONS.includes(specVersion)) {
    refuse(
      '/specVersion',
      `CycloneDX ${JSON.stringify(specVersion)} is not supported; expected 1.4, 1.5 or 1.6`,
    );
  }
  const reader = new Reader();
  const components: SbomComponent[] = [];
  // Components may hold components (an application and its bundled libraries): all are flattened.
  const visit = (list: unknown, path: string): void => {
    reader.array(list, path).forEach((item, index) => {
      const at = `${path}/${index}`;
      const component = reader.object(item, at);
      if (!component) return;
      const read = readCycloneDxComponent(reader, component, at);
      if (read) components.push(read);
      visit(component.components, `${at}/components`);
    });
  };
  visit(document.components, '/components');
  // metadata.component is the product the SBOM is about, not one of its parts.
  const metadata = isObject(document.metadata) ? document.metadata : {};
  const described = isObject(metadata.component) ? metadata.component : {};
  reader.check();
  return {
    format: 'cyclonedx',
    specVersion,
    name: typeof described.name === 'string' && described.name !== '' ? described.name : null,
    components: distinct(components),
  };
}

function readCycloneDxComponent(
  reader: Reader,
  component: JsonObject,
  at: string,
): SbomComponent | null {
  const name = reader.name(component.name, `${at}/name`);
  const version = reader.text(component.version, `${at}/version`);
  const purl = reader.purl(component.purl, `${at}/purl`);
  const cpe = reader.cpe(component.cpe, `${at}/cpe`);
  const supplier =
    component.supplier === undefined ? null : reader.object(component.supplier, `${at}/supplier`);
  const supplierName = supplier ? reader.text(supplier.name, `${at}/supplier/name`) : null;
  const publisher = reader.text(component.publisher, `${at}/publisher`);
  const group = reader.text(component.group, `${at}/group`);
  const ref = reader.text(component['bom-ref'], `${at}/bom-ref`) ?? at;
  if (name === null) return null;
  // Beside a purl, the group is the package's namespace (a Maven groupId, an npm scope), not
  // who makes it.
  const vendor = supplierName ?? publisher ?? (purl === null ? group : null);
  return { ref, name, version, vendor, purl, cpe };
}

function readSpdx(document: JsonObject): Sbom {
  if (document.spdxVersion !== SPDX_VERSION) {
    refuse(
      '/spdxVersion',
      `${JSON.stringify(document.spdxVersion)} is not supported; expected "${SPDX_VERSION}"`,
    );
  }
  const reader = new Reader();
  const described = describedIds(document);
  const components: SbomComponent[] = [];
  let name: string | null = null;
  reader.array(document.packages, '/packages').forEach((item, index) => {
    const at = `/packages/${index}`;
    const pkg = reader.object(item, at);
    if (!pkg) return;
    const component = readSpdxPackage(reader, pkg, at);
    if (!component) return;
    const isRoot = described.includes(component.ref);
    if (isRoot && name === null) name = component.name;
    // The document's root is often a mere wrapper (a scanned folder or image): not a component.
    const isWrapper = !component.version && !component.purl && !component.cpe;
    if (!(isRoot && isWrapper)) components.push(component);
  });
  reader.check();
  return { format: 'spdx', specVersion: '2.3', name, components: distinct(components) };
}

/** What the document describes: `documentDescribes`, and DESCRIBES relationships from it. */
function describedIds(document: JsonObject): string[] {
  const self = typeof document.SPDXID === 'string' ? document.SPDXID : 'SPDXRef-DOCUMENT';
  const listed = Array.isArray(document.documentDescribes) ? document.documentDescribes : [];
  const related = (Array.isArray(document.relationships) ? document.relationships : [])
    .filter((r): r is JsonObject => isObject(r) && r.spdxElementId === self)
    .filter((r) => r.relationshipType === 'DESCRIBES')
    .map((r) => r.relatedSpdxElement);
  return [...listed, ...related].filter((id): id is string => typeof id === 'string');
}

function readSpdxPackage(reader: Reader, pkg: JsonObject, at: string): SbomComponent | null {
  const name = reader.name(pkg.name, `${at}/name`);
  const version = reader.text(pkg.versionInfo, `${at}/versionInfo`);
  const supplier = reader.text(pkg.supplier, `${at}/supplier`);
  let purl: string | null = null;
  let cpe23: string | null = null;
  let cpe22: string | null = null;
  // Every reference is checked; the first purl and the first CPE (2.3 before 2.2) are kept.
  reader.array(pkg.externalRefs, `${at}/externalRefs`).forEach((item, index) => {
    const referenceAt = `${at}/externalRefs/${index}`;
    const reference = reader.object(item, referenceAt);
    if (!reference) return;
    const { referenceType, referenceLocator } = reference;
    const locatorAt = `${referenceAt}/referenceLocator`;
    if (referenceType === 'purl') {
      const checked = reader.purl(referenceLocator, locatorAt);
      purl ??= checked;
    } else if (referenceType === 'cpe23Type' || referenceType === 'cpe22Type') {
      const checked = reader.cpe(referenceLocator, locatorAt);
      if (referenceType === 'cpe23Type') cpe23 ??= checked;
      else cpe22 ??= checked;
    }
  });
  const ref = reader.text(pkg.SPDXID, `${at}/SPDXID`) ?? at;
  if (name === null) return null;
  const vendor = supplier === null ? null : spdxSupplierName(supplier);
  return { ref, name, version, vendor, purl, cpe: cpe23 ?? cpe22 };
}

/** `Organization: Acme Ltd (security@acme.example)` → `Acme Ltd`. */
function spdxSupplierName(supplier: string): string | null {
  const name = supplier
    .replace(/^(Organization|Person):\s*/, '')
    .replace(/\s*\((?:[^()]*@[^()]*)?\)$/, '')
    .trim();
  return name === '' || name === 'NOASSERTION' ? null : name;
}
