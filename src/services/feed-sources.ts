import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DeliveryFailed } from '../core/delivery/destination.js';
import { checkedDestination, pinnedLookup } from './delivery/webhook-channel.js';

/** A pulled feed larger than this is cut off and the pull fails: no report is that big. */
const MAX_PULL_BYTES = 4 * 1024 ** 3;
const PULL_TIMEOUT_MS = 60_000;

/**
 * A GET over HTTP(S) with the same destination rules as webhooks: private and loopback
 * addresses only when allowed, never link-local; redirects are refused (one could lead
 * anywhere, unchecked). The body is cut off after `maxBytes`.
 */
async function get(
  urlText: string,
  options: { allowPrivate: boolean; timeoutMs?: number; maxBytes: number },
): Promise<http.IncomingMessage> {
  const timeoutMs = options.timeoutMs ?? PULL_TIMEOUT_MS;
  const { url, address } = await checkedDestination(urlText, {
    allowPrivate: options.allowPrivate,
    timeoutMs,
  });
  const client = url.protocol === 'https:' ? https : http;
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = client.get(url, {
      lookup: pinnedLookup(address),
      agent: false,
      headers: { 'User-Agent': 'Fenghuo' },
      timeout: timeoutMs,
    });
    req.on('timeout', () => req.destroy(new DeliveryFailed(`${url.origin} timed out.`)));
    req.on('response', resolve);
    req.on('error', (error) =>
      reject(error instanceof DeliveryFailed ? error : new DeliveryFailed(error.message)),
    );
  });
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    response.resume();
    throw new DeliveryFailed(`${url.href} answered HTTP ${status}`, status);
  }
  let bytes = 0;
  response.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > options.maxBytes)
      response.destroy(new DeliveryFailed(`${url.href} sent more than ${options.maxBytes} bytes`));
  });
  return response;
}

/** Downloads a feed into `path`. */
export async function download(
  urlText: string,
  path: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<void> {
  const response = await get(urlText, { ...options, maxBytes: MAX_PULL_BYTES });
  await pipeline(response, createWriteStream(path));
}

/** Fetches a document (an advisory, a provider's index) into memory. */
export async function fetchText(
  urlText: string,
  options: { allowPrivate: boolean; maxBytes: number },
): Promise<string> {
  const response = await get(urlText, options);
  const parts: Buffer[] = [];
  for await (const chunk of response) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** A file waiting in a watched directory: `<dir>/<feed name>/<file>`. */
export interface WaitingFile {
  feed: string;
  path: string;
  name: string;
}

/**
 * The files waiting in a watched directory, one sub-directory per feed, oldest first. Names
 * starting with a dot are skipped: writers should create `.name.part` and rename it when done,
 * so a half-written file is never read.
 */
export async function waitingFiles(dir: string): Promise<WaitingFile[]> {
  const found: (WaitingFile & { mtime: number })[] = [];
  for (const feed of await readdir(dir, { withFileTypes: true })) {
    if (!feed.isDirectory() || feed.name.startsWith('.')) continue;
    for (const file of await readdir(join(dir, feed.name), { withFileTypes: true })) {
      if (!file.isFile() || file.name.startsWith('.')) continue;
      const path = join(dir, feed.name, file.name);
      found.push({ feed: feed.name, path, name: file.name, mtime: (await stat(path)).mtimeMs });
    }
  }
  return found.sort((a, b) => a.mtime - b.mtime);
}

/**
 * Takes a waiting file for this process by moving it into `processing/`: a rename is atomic, so
 * of several watching processes exactly one gets it; the others get null. A file left there by a
 * process that died can be moved back to be resumed.
 */
export async function claim(file: WaitingFile): Promise<WaitingFile | null> {
  try {
    return { ...file, path: await moveInto(file.path, file.name, 'processing') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Moves a handled file from `processing/` into `done/` or `failed/`, so it is not read again. */
export async function setAside(file: WaitingFile, outcome: 'done' | 'failed'): Promise<string> {
  return moveInto(file.path, file.name, join('..', outcome));
}

async function moveInto(path: string, name: string, folder: string): Promise<string> {
  const target = join(path, '..', folder);
  await mkdir(target, { recursive: true });
  const moved = join(target, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}`);
  await rename(path, moved);
  return moved;
}
