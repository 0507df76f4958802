import { readFileSync } from 'node:fs';
import {
  inventoryKeys,
  matchItem,
  prepareProduct,
  type InventoryItem,
} from '../src/core/advisories/match.js';
import type { NormalisedAdvisory } from '../src/core/advisories/model.js';
import { SYSTEM } from '../src/core/auth/policy.js';
import { uuidv7 } from '../src/core/ids.js';
import { seededRandom } from '../src/core/random.js';
import { createServices } from '../src/services/index.js';
import { matchAdvisories } from '../src/services/matching.js';
import { inTransaction } from '../src/services/unit-of-work.js';
import { chunks } from '../src/storage/chunks.js';
import type { Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { onEachDatabase, type BenchRow } from './harness.js';

const ORGS = 20_000;
const ASSETS = 1_000_000;
const SYNTHETIC_PRODUCTS = 20_000;
const PACKAGES = 5_000;
/** One product every hundredth asset runs: an advisory about it matches thousands. */
const POPULAR = { vendor: 'Popular Vendor', product: 'Popular Server' };
const KEV_FILE = new URL(
  '../../shared/data/kev/known_exploited_vulnerabilities.json',
  import.meta.url,
);

interface Catalogue {
  products: { vendor: string; product: string }[];
  packages: string[];
}

/** What organisations run: every product the KEV names, many more it does not, and packages. */
function catalogue(kev: {
  vulnerabilities: { vendorProject: string; product: string }[];
}): Catalogue {
  const seen = new Map<string, { vendor: string; product: string }>();
  for (const v of kev.vulnerabilities) {
    const entry = { vendor: v.vendorProject.trim(), product: v.product.trim() };
    seen.set(`${entry.vendor}|${entry.product}`.toLowerCase(), entry);
  }
  const products = [...seen.values()];
  for (let i = 0; i < SYNTHETIC_PRODUCTS; i++)
    products.push({ vendor: `Vendor ${i % 2_000}`, product: `Product ${i}` });
  const packages = Array.from({ length: PACKAGES }, (_, i) =>
    i % 2 ? `pkg:npm/bench-lib-${i}` : `pkg:maven/cn.bench/lib-${i}`,
  );
  return { products, packages };
}

/** One million assets over 20,000 organisations: three in ten are packages with a purl, the rest vendor and product names. */
async function load(database: Database, cat: Catalogue): Promise<void> {
  const random = seededRandom(7);
  const now = '2026-11-28T00:00:00.000Z';
  const orgIds = Array.from({ length: ORGS }, () => uuidv7());
  await database.transaction(async (trx) => {
    for (const part of chunks(orgIds, 1_000)) {
      await trx
        .insertInto('organisations')
        .values(
          part.map((id, i) => ({
            id,
            external_id: `bench-${id}`,
            kind: 'operator',
            parent_id: null,
            name_zh: `基准单位${i}`,
            name_en: `Bench Operator ${i}`,
            sector: 'energy',
            region: 'CN-GD',
            country: 'CN',
            cii_designated: 0 as const,
            cii_department: null,
            cii_date: null,
            cii_legal_basis: null,
            remit: null,
            timezone: 'Asia/Shanghai',
            language: 'zh-CN',
            external_ids: '{}',
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    const rows = [];
    for (let i = 0; i < ASSETS; i++) {
      const version = `${1 + Math.floor(random() * 9)}.${Math.floor(random() * 20)}.${Math.floor(random() * 10)}`;
      const fields =
        i % 100 === 5
          ? { ...POPULAR, cpe: null, purl: null }
          : i % 10 < 3
            ? {
                vendor: null,
                product: null,
                cpe: null,
                purl: `${cat.packages[Math.floor(random() * cat.packages.length)]}@${version}`,
              }
            : {
                ...cat.products[Math.floor(random() * cat.products.length)]!,
                cpe: null,
                purl: null,
              };
      const keys = inventoryKeys(fields);
      rows.push({
        id: uuidv7(),
        org_id: orgIds[i % ORGS]!,
        external_id: null,
        kind: 'system',
        name: `Asset ${i}`,
        vendor: fields.vendor,
        product: fields.product,
        version: fields.purl ? null : version,
        cpe: null,
        purl: fields.purl,
        mlps_level: null,
        cii: 0 as const,
        internet_facing: 0 as const,
        created_at: now,
        updated_at: now,
        product_key: keys.productKey,
        purl_key: keys.purlKey,
      });
      if (rows.length === 1_500) await trx.insertInto('assets').values(rows.splice(0)).execute();
    }
    if (rows.length) await trx.insertInto('assets').values(rows).execute();
  });
}

/** An advisory about one product, affected below a version: what a vendor's CSAF usually says. */
function advisoryFor(
  i: number,
  cat: Catalogue,
  target = cat.products[cat.products.length - 1 - i * 37]!,
): NormalisedAdvisory {
  const byPackage = i % 2 === 1 && target !== POPULAR;
  return {
    source: 'fenghuo',
    sourceId: `BENCH-${i}`,
    revision: '1',
    title: `Bench advisory ${i}`,
    summary: null,
    publisher: null,
    severity: 'high',
    cvss: null,
    cves: [],
    publishedAt: null,
    updatedAt: null,
    tlp: null,
    products: [
      {
        ref: 'P1',
        name: 'bench product',
        vendor: byPackage ? null : target.vendor,
        product: byPackage ? null : target.product,
        cpe: null,
        purl: byPackage ? cat.packages[i * 13]! : null,
        versions: {
          kind: 'vers',
          scheme: byPackage
            ? cat.packages[i * 13]!.startsWith('pkg:npm')
              ? 'npm'
              : 'maven'
            : 'generic',
          constraints: [
            { comparator: '>=', version: '2.0.0' },
            { comparator: '<', version: '5.4.0' },
          ],
        },
        status: 'affected',
        cves: [],
      },
    ],
    remediations: [],
    references: [],
    kev: null,
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measureOn(database: Database, label: string): Promise<BenchRow[]> {
  await migrateToLatest(database);
  const kevText = readFileSync(KEV_FILE, 'utf8');
  const cat = catalogue(
    JSON.parse(kevText) as { vulnerabilities: { vendorProject: string; product: string }[] },
  );
  let started = performance.now();
  await load(database, cat);
  const loadSeconds = (performance.now() - started) / 1000;
  const services = createServices(database);

  // One advisory at a time, as an import or an edit matches it: candidates by key, then checked.
  const times: number[] = [];
  let matched = 0;
  for (let i = 0; i < 20; i++) {
    const content = advisoryFor(i, cat);
    const id = uuidv7();
    started = performance.now();
    await inTransaction(database, SYSTEM, async (uow) => {
      await uow.repos.advisories.insert(
        [{ id, advisory: content, document: null, published: true }],
        uow.now,
      );
      matched += (await matchAdvisories(uow.repos, [{ id, content }], uow.now)).added;
    });
    times.push(performance.now() - started);
  }

  // The worst case: a product 10,000 assets run, about a third of them in the range.
  const popular = advisoryFor(100, cat, POPULAR);
  const popularId = uuidv7();
  started = performance.now();
  const popularMatches = await inTransaction(database, SYSTEM, async (uow) => {
    await uow.repos.advisories.insert(
      [{ id: popularId, advisory: popular, document: null, published: true }],
      uow.now,
    );
    return (await matchAdvisories(uow.repos, [{ id: popularId, content: popular }], uow.now)).added;
  });
  const popularMs = performance.now() - started;

  // Baseline: the same check without keys, every asset read and tested.
  const prepared = advisoryFor(0, cat).products.map(prepareProduct);
  started = performance.now();
  let scanned = 0;
  let found = 0;
  for await (const page of pagesOfAssets(database)) {
    for (const item of page) {
      scanned++;
      if (matchItem(prepared, item)) found++;
    }
  }
  const scanMs = performance.now() - started;
  if (scanned !== ASSETS) throw new Error(`scanned ${scanned}`);

  // The whole KEV catalogue, imported end to end: 1,404 advisories written with their history and matched.
  started = performance.now();
  const kev = await services.advisories.importFile(SYSTEM, kevText, 'bench');
  const kevSeconds = (performance.now() - started) / 1000;
  const kevMatches = kev.advisories.reduce((n, a) => n + a.matches, 0);

  // And matching alone, for all 1,404 at once: what an inventory-wide recheck costs.
  const kevRows = await database.db
    .selectFrom('advisories')
    .select(['id', 'content'])
    .where('source', '=', 'kev')
    .execute();
  const contents = kevRows.map((r) => ({
    id: r.id,
    content: (typeof r.content === 'string'
      ? JSON.parse(r.content)
      : r.content) as NormalisedAdvisory,
  }));
  started = performance.now();
  await inTransaction(database, SYSTEM, (uow) => matchAdvisories(uow.repos, contents, uow.now));
  const rematchSeconds = (performance.now() - started) / 1000;

  return [
    {
      name: `load 1,000,000 assets over 20,000 organisations, ${label}`,
      value: loadSeconds,
      unit: 's',
      note: 'setup, with match keys',
    },
    {
      name: `match one advisory against 1,000,000 assets, ${label}`,
      value: median(times),
      unit: 'ms',
      note: `median of 20 advisories, max ${Math.max(...times).toFixed(1)} ms, ${matched} matches written`,
      baseline: { name: `reading and testing every asset (${found} matches)`, value: scanMs },
    },
    {
      name: `match one advisory about a product 10,000 assets run, ${label}`,
      value: popularMs,
      unit: 'ms',
      note: `${popularMatches.toLocaleString('en')} matches written`,
    },
    {
      name: `import the whole KEV catalogue and match it, ${label}`,
      value: kevSeconds,
      unit: 's',
      note: `1,404 advisories, ${kevMatches.toLocaleString('en')} matches`,
    },
    {
      name: `re-match all 1,404 KEV advisories (nothing changed), ${label}`,
      value: rematchSeconds,
      unit: 's',
    },
  ];
}

/** Every asset as matching reads it, a page at a time. */
async function* pagesOfAssets(database: Database): AsyncGenerator<InventoryItem[]> {
  let after = '';
  for (;;) {
    const rows = await database.db
      .selectFrom('assets')
      .select(['id', 'vendor', 'product', 'version', 'cpe', 'purl', 'product_key', 'purl_key'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(10_000)
      .execute();
    if (rows.length === 0) return;
    after = rows.at(-1)!.id;
    yield rows.map((r) => ({
      vendor: r.vendor,
      product: r.product,
      version: r.version,
      cpe: r.cpe,
      purl: r.purl,
      productKey: r.product_key,
      purlKey: r.purl_key,
    }));
  }
}

export function run(): Promise<BenchRow[]> {
  return onEachDatabase(measureOn);
}
