import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { toXarf, type XarfSource } from './xarf.js';

const SCHEMAS = new URL('../../../../shared/data/schemas/xarf/v4/', import.meta.url);
const SAMPLES = new URL('../../../../shared/data/xarf/samples/v4/', import.meta.url);

/** The official X-ARF v4 schemas: the master, the core and every per-type schema. */
function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const read = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as object;
  ajv.addSchema(read(new URL('xarf-core.json', SCHEMAS)));
  for (const file of readdirSync(new URL('types/', SCHEMAS)))
    ajv.addSchema(read(new URL(`types/${file}`, SCHEMAS)));
  const master = ajv.compile(read(new URL('xarf-v4-master.json', SCHEMAS)));
  return (report: unknown) => {
    const type = report as { category: string; type: string };
    const specific = ajv.getSchema(
      `https://xarf.org/schemas/v4/types/${type.category}-${type.type.replace(/_/g, '-')}.json`,
    );
    const ok = master(report) && (specific ? specific(report) : false);
    return { ok, errors: [...(master.errors ?? []), ...(specific?.errors ?? [])] };
  };
}

const SENDER = {
  org: 'Fenghuo',
  contact: 'abuse@fenghuo.example.cn',
  domain: 'fenghuo.example.cn',
};
const base: XarfSource = {
  ip: '198.51.100.8',
  port: 53,
  hostname: null,
  url: null,
  identifier: 'open-resolver',
  rsit: 'vulnerable/ddos-amplifier',
  severity: 'medium',
  detail: 'dnsmasq-2.66',
  firstSeen: '2026-11-27T00:00:00.000Z',
  lastSeen: '2026-11-28T01:00:00.000Z',
  raw: '"2026-11-28 01:00:00","198.51.100.8","udp",53',
};

describe('X-ARF 4 reports', () => {
  const validate = validator();

  it('the schemas accept the published samples (the check itself works)', () => {
    for (const file of readdirSync(SAMPLES)) {
      const sample = JSON.parse(readFileSync(new URL(file, SAMPLES), 'utf8')) as object;
      if ('category' in sample && (sample as { category: string }).category === 'vulnerability')
        expect(validate(sample).ok, file).toBe(true);
    }
  });

  it.each([
    { name: 'an open resolver', finding: base, category: 'vulnerability', type: 'open_service' },
    {
      name: 'weak cryptography',
      finding: { ...base, rsit: 'vulnerable/weak-crypto', identifier: 'ssl-poodle' },
      category: 'vulnerability',
      type: 'misconfiguration',
    },
    {
      name: 'a bot',
      finding: {
        ...base,
        rsit: 'malicious-code/infected-system',
        identifier: 'botnet-drone',
        detail: 'mirai',
      },
      category: 'infrastructure',
      type: 'botnet',
    },
    {
      name: 'a compromised website',
      finding: {
        ...base,
        ip: null,
        url: 'http://shop.example.cn/x.php',
        rsit: 'intrusions/system-compromise',
        identifier: 'compromised-website',
      },
      category: 'infrastructure',
      type: 'compromised_server',
    },
    {
      name: 'a blocklisted host',
      finding: { ...base, port: null, rsit: 'other/other', identifier: 'blocklisted' },
      category: 'reputation',
      type: 'blocklist',
    },
  ])('$name becomes a valid $category/$type report', ({ finding, category, type }) => {
    const report = toXarf(finding, SENDER);
    expect(report).toMatchObject({ category, type, reporter: SENDER, sender: SENDER });
    const result = validate(report);
    expect(result.errors.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('carries the record as base64 evidence and the host as the source', () => {
    const report = toXarf({ ...base, ip: null, hostname: 'ns1.example.cn' }, SENDER) as {
      source_identifier: string;
      evidence: { payload: string }[];
    };
    expect(report.source_identifier).toBe('ns1.example.cn');
    expect(Buffer.from(report.evidence[0]!.payload, 'base64').toString()).toBe(base.raw);
  });
});
