import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { BenchRow } from './harness.js';

/**
 * `npm run bench`: runs every benchmark, prints one table, and appends it to bench/RESULTS.md
 * with the machine and the date. `npm run bench -- lookup` runs only the named ones.
 * PostgreSQL figures need FENGHUO_BENCH_PG_URL (a server the benchmark may create databases on).
 */
const BENCHES = {
  lookup: () => import('./lookup.bench.js'),
  import: () => import('./import.bench.js'),
  jobs: () => import('./jobs.bench.js'),
  clocks: () => import('./clocks.bench.js'),
  feeds: () => import('./feeds.bench.js'),
  match: () => import('./match.bench.js'),
} as const;

const chosen = process.argv.slice(2).filter((a) => a in BENCHES) as (keyof typeof BENCHES)[];
const rows: (BenchRow & { bench: string })[] = [];
for (const name of chosen.length > 0
  ? chosen
  : (Object.keys(BENCHES) as (keyof typeof BENCHES)[])) {
  process.stderr.write(`running ${name}…\n`);
  const module = await BENCHES[name]();
  for (const row of await module.run()) rows.push({ bench: name, ...row });
}

/** How many times better than the baseline: for a duration, shorter is better. */
const speedUp = (r: BenchRow) =>
  r.unit === 'ms' || r.unit === 's' ? r.baseline!.value / r.value : r.value / r.baseline!.value;
const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3));
const table = [
  '| bench | figure | value | unit | baseline (same process) | better by |',
  '|---|---|---:|---|---|---:|',
  ...rows.map((r) =>
    [
      '',
      r.bench,
      r.name + (r.note ? ` (${r.note})` : ''),
      format(r.value),
      r.unit,
      r.baseline ? `${r.baseline.name}: ${format(r.baseline.value)}` : '',
      r.baseline ? `${speedUp(r).toFixed(1)}×` : '',
      '',
    ]
      .join(' | ')
      .trim(),
  ),
].join('\n');

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
const section = `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n\n${machine}\n\n${table}\n`;
process.stdout.write(`${section}\n`);
const results = new URL('./RESULTS.md', import.meta.url);
if (!existsSync(results))
  writeFileSync(
    results,
    '# Benchmark results\n\nEach run of `npm run bench` appends a section: the machine, the date, and the figures.\n',
  );
appendFileSync(results, section);
