/**
 * Ingests a file in a process of its own, for the test that kills it half way.
 * Usage: node --import tsx test/feeds/ingest-child.ts DATABASE_URL FILE COMMIT_EVERY
 */
import { SYSTEM } from '../../src/core/auth/policy.js';
import { createServices } from '../../src/services/index.js';
import { openDatabase } from '../../src/storage/database.js';

const [url, file, commitEvery] = process.argv.slice(2) as [string, string, string];
const database = openDatabase(url);
await createServices(database).feeds.ingest(SYSTEM, {
  feed: 'resume-scan_dns',
  format: 'shadowserver',
  path: file,
  origin: 'file',
  commitEvery: Number(commitEvery),
});
await database.close();
