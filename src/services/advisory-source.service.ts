import { createHash } from 'node:crypto';
import type {
  AdvisorySourceInput,
  AdvisorySourceView,
  PullResult,
} from '../contract/advisories.js';
import {
  readDirectoryChanges,
  readProviderMetadata,
  readRolieFeed,
} from '../core/advisories/csaf-provider.js';
import { authorize, SYSTEM, type Actor } from '../core/auth/policy.js';
import { DomainError, notFound, validationError, type FieldError } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import { addSeconds } from '../core/time.js';
import type { Database } from '../storage/database.js';
import { readAdvisoryFile, type AdvisoryFile, type AdvisoryService } from './advisory.service.js';
import { fetchText } from './feed-sources.js';
import { inTransaction, repositories } from './unit-of-work.js';

export const PULL_ADVISORIES_JOB = 'advisories.pull-sources';

/** No advisory, provider index or KEV catalogue is near this; a bigger answer is refused. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

function checked(actor: Actor, input: AdvisorySourceInput): AdvisorySourceInput {
  const problems: FieldError[] = [];
  let url: URL | null = null;
  try {
    url = new URL(input.url);
  } catch {
    // reported below
  }
  if (!url || !['http:', 'https:'].includes(url.protocol))
    problems.push({ field: '/url', reason: 'must be an http or https URL' });
  if (input.allowPrivate && !(actor.kind === 'system' || actor.role === 'admin')) {
    problems.push({
      field: '/allowPrivate',
      reason: 'only an administrator may allow private addresses',
    });
  }
  if (problems.length) throw validationError(problems);
  return input;
}

/** Checks a document against the hash file a provider publishes beside it (`<hex>  <name>`). */
function verifyHash(text: string, hashFile: string, hashUrl: string): void {
  const expected = hashFile.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const algorithm = hashUrl.endsWith('.sha256') ? 'sha256' : 'sha512';
  const actual = createHash(algorithm).update(text).digest('hex');
  if (expected !== actual)
    throw new DomainError('validation_failed', `the ${algorithm} hash does not match ${hashUrl}`);
}

/**
 * Advisory sources pulled on a schedule: a CSAF provider (its provider-metadata.json, then its
 * ROLIE feeds or directory listings; only documents new or changed since the last pull are
 * fetched, each checked against its published hash) or the KEV catalogue. Each document is
 * imported in its own transaction, so one bad document does not hold back the others.
 */
export class AdvisorySourceService {
  constructor(
    private readonly database: Database,
    private readonly advisories: AdvisoryService,
    private readonly now: () => string,
  ) {}

  private repos() {
    return repositories(this.database.db, this.database.dialect);
  }

  async list(actor: Actor): Promise<AdvisorySourceView[]> {
    authorize(actor, 'advisory.source');
    return this.repos().advisories.sources();
  }

  async create(actor: Actor, input: AdvisorySourceInput): Promise<AdvisorySourceView> {
    authorize(actor, 'advisory.source');
    const fields = checked(actor, input);
    return inTransaction(
      this.database,
      actor,
      async (uow) => {
        const source: AdvisorySourceView = {
          id: uuidv7(),
          name: fields.name,
          kind: fields.kind,
          url: fields.url,
          everyMinutes: fields.everyMinutes ?? 60,
          allowPrivate: fields.allowPrivate ?? false,
          nextPullAt: uow.now,
          lastPulledAt: null,
          lastResult: null,
          createdAt: uow.now,
        };
        await uow.repos.advisories.insertSource(source);
        await uow.audit('advisory_source.created', 'advisory_source', source.id, {
          name: source.name,
          kind: source.kind,
          url: source.url,
        });
        return source;
      },
      this.now,
    );
  }

  async update(actor: Actor, id: string, input: AdvisorySourceInput): Promise<AdvisorySourceView> {
    authorize(actor, 'advisory.source');
    const fields = checked(actor, input);
    return inTransaction(
      this.database,
      actor,
      async (uow) => {
        const current = await uow.repos.advisories.source(id);
        if (!current) throw notFound('advisory source', id);
        const next = {
          ...current,
          name: fields.name,
          kind: fields.kind,
          url: fields.url,
          everyMinutes: fields.everyMinutes ?? current.everyMinutes,
          allowPrivate: fields.allowPrivate ?? current.allowPrivate,
        };
        await uow.repos.advisories.updateSource(next);
        await uow.audit('advisory_source.updated', 'advisory_source', id, {
          name: next.name,
          url: next.url,
        });
        return next;
      },
      this.now,
    );
  }

  async remove(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'advisory.source');
    await inTransaction(
      this.database,
      actor,
      async (uow) => {
        const current = await uow.repos.advisories.source(id);
        if (!current) throw notFound('advisory source', id);
        await uow.repos.advisories.deleteSource(id);
        await uow.audit('advisory_source.deleted', 'advisory_source', id, { name: current.name });
      },
      this.now,
    );
  }

  /** Pulls one source now, whatever its schedule. */
  async pullNow(actor: Actor, id: string): Promise<AdvisorySourceView> {
    authorize(actor, 'advisory.source');
    const source = await this.repos().advisories.source(id);
    if (!source) throw notFound('advisory source', id);
    await this.pull(source);
    return (await this.repos().advisories.source(id))!;
  }

  /** Pulls every source whose time has come; the scheduler's job. */
  async pullDue(): Promise<number> {
    const due = await this.repos().advisories.dueSources(this.now());
    for (const source of due) await this.pull(source);
    return due.length;
  }

  private async pull(source: AdvisorySourceView): Promise<void> {
    const seen = await this.repos().advisories.seen(source.id);
    const result: PullResult = { ok: true, fetched: 0, imported: 0, failed: [], error: null };
    const fetch = (url: string) =>
      fetchText(url, { allowPrivate: source.allowPrivate, maxBytes: MAX_DOCUMENT_BYTES });
    const origin = `pull:${source.name}`;
    const importFile = async (file: AdvisoryFile) => {
      result.fetched += 1;
      const outcome = await this.advisories.importRead(SYSTEM, file, origin);
      result.imported += outcome.created + outcome.updated;
    };
    try {
      if (source.kind === 'kev') {
        await importFile(await readAdvisoryFile(await fetch(source.url)));
      } else {
        for (const entry of await this.listProvider(source.url, fetch)) {
          if (seen[entry.url] === entry.updated) continue;
          try {
            const text = await fetch(entry.url);
            if (entry.hashUrl) verifyHash(text, await fetch(entry.hashUrl), entry.hashUrl);
            const file = await readAdvisoryFile(text);
            if (file.format !== 'csaf')
              throw new DomainError('validation_failed', `a ${file.format} file, not CSAF`);
            await importFile(file);
            seen[entry.url] = entry.updated;
          } catch (error) {
            result.failed.push({ url: entry.url, reason: reasonOf(error) });
          }
        }
      }
    } catch (error) {
      result.ok = false;
      result.error = reasonOf(error);
    }
    const now = this.now();
    await inTransaction(
      this.database,
      SYSTEM,
      async (uow) => {
        await uow.repos.advisories.finishPull(
          source.id,
          result,
          seen,
          now,
          addSeconds(now, source.everyMinutes * 60),
        );
        await uow.audit('advisory_source.pulled', 'advisory_source', source.id, {
          ...result,
          failed: result.failed.length,
        });
      },
      this.now,
    );
  }

  /** Every document a provider lists: from its ROLIE feeds, else its directory's changes.csv. */
  private async listProvider(url: string, fetch: (url: string) => Promise<string>) {
    const metadata = readProviderMetadata(parseJson(await fetch(url), url));
    const entries: { url: string; updated: string; hashUrl: string | null }[] = [];
    for (const feed of metadata.rolieFeeds)
      entries.push(...readRolieFeed(parseJson(await fetch(feed), feed)));
    for (const directory of metadata.directoryUrls) {
      const changes = readDirectoryChanges(
        await fetch(new URL('changes.csv', directory).href),
        directory,
      );
      entries.push(...changes.map((c) => ({ ...c, hashUrl: `${c.url}.sha512` })));
    }
    return entries;
  }
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('validation_failed', `${url} is not JSON`);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof DomainError && error.fields.length) {
    return `${error.message}: ${error.fields
      .slice(0, 5)
      .map((f) => `${f.field} ${f.reason}`)
      .join('; ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
