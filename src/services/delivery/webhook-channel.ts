import { createHmac, timingSafeEqual } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  classifyAddress,
  DeliveryFailed,
  DeliveryRefused,
  type AddressClass,
} from '../../core/delivery/destination.js';

export interface WebhookRequest {
  url: string;
  secret: string;
  body: unknown;
  /** The outbox message id, sent as `X-Fenghuo-Delivery` so receivers can drop retried duplicates. */
  id: string;
}

export interface WebhookOptions {
  /**
   * Also allow private and loopback addresses (an on-premises deployment whose receivers sit
   * on the internal network). Link-local (cloud metadata), unspecified, multicast and reserved
   * addresses stay refused: no legitimate receiver lives there.
   */
  allowPrivate?: boolean;
  /** For resolving the host, connecting and receiving the response headers. */
  timeoutMs?: number;
  /** Host name to addresses; `dns.lookup` (the system resolver, all families) by default. */
  resolve?: (host: string) => Promise<string[]>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const ALLOWED_WHEN_PRIVATE: readonly AddressClass[] = ['public', 'private', 'loopback'];

/**
 * POSTs a JSON body to a receiver, signed so the receiver can check it came from Fenghuo and
 * was not replayed (see `verifyWebhookSignature`). Resolves when the receiver answers 2xx;
 * throws `DeliveryRefused` when the URL or its addresses are not allowed (do not retry) and
 * `DeliveryFailed` for everything the outbox should retry (network errors, timeout, non-2xx,
 * including redirects, which are never followed: a redirect could lead anywhere, unchecked).
 */
export async function deliverWebhook(
  request: WebhookRequest,
  options: WebhookOptions = {},
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { url, address } = await checkedDestination(request.url, options);

  const payload = JSON.stringify(request.body ?? null);
  const timestamp = Math.floor(Date.now() / 1000);
  const status = await post(
    url,
    address,
    payload,
    {
      'Content-Type': 'application/json',
      'User-Agent': 'Fenghuo',
      'X-Fenghuo-Delivery': request.id,
      'X-Fenghuo-Timestamp': String(timestamp),
      'X-Fenghuo-Signature': `sha256=${sign(request.secret, timestamp, payload)}`,
    },
    timeoutMs - (performance.now() - started),
  );
  return { status, ms: Math.round(performance.now() - started) };
}

/**
 * The URL and the one address to connect to, after checking that every address the host
 * resolves to is allowed (public, or also private and loopback when `allowPrivate`). Shared by
 * webhooks and feed pulls: neither may be pointed at the internal network unless allowed.
 */
export async function checkedDestination(
  urlText: string,
  options: WebhookOptions = {},
): Promise<{ url: URL; address: string }> {
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new DeliveryRefused(`${urlText} is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DeliveryRefused(`Only http and https are allowed, not ${url.protocol}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const addresses = isIP(host)
    ? [host]
    : await withTimeout(resolveHost(host, options.resolve), timeoutMs, `resolving ${host}`);
  return { url, address: checkedAddress(host, addresses, options.allowPrivate ?? false) };
}

/**
 * The lookup function that makes a socket connect to the checked address: letting it resolve
 * the name again would let a DNS answer that changed in between (rebinding) reach an unchecked
 * address. The URL's host still goes into the Host header and the TLS server name.
 */
export function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * For receivers: whether `header` (the `X-Fenghuo-Signature` value) is the signature of this
 * exact body (the raw bytes received, before any JSON parsing) and timestamp with the shared
 * secret, and the timestamp is within `toleranceSeconds` of now, which bounds replays.
 *
 * ```ts
 * verifyWebhookSignature(secret, req.headers['x-fenghuo-timestamp'], rawBody, req.headers['x-fenghuo-signature']);
 * ```
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number | undefined,
  body: string | Buffer,
  header: string | undefined,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(String(timestamp)) || Math.abs(nowSeconds - seconds) > toleranceSeconds) {
    return false;
  }
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const expected = Buffer.from(sign(secret, seconds, body), 'hex');
  // Constant-time: a plain comparison leaks how many leading bytes of a forgery were right.
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex'));
}

/** Hex HMAC-SHA256 of `<timestamp>.<body>`: the timestamp is signed so it cannot be refreshed for a replay. */
function sign(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

async function resolveHost(host: string, resolve: WebhookOptions['resolve']): Promise<string[]> {
  try {
    const addresses = resolve
      ? await resolve(host)
      : (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    if (addresses.length === 0) throw new Error('no addresses');
    return addresses;
  } catch (error) {
    // A name that does not resolve may resolve later (DNS outage, a record being fixed): retry.
    throw new DeliveryFailed(
      `${host} could not be resolved: ${(error as Error).message}`,
      undefined,
      {
        cause: error,
      },
    );
  }
}

/**
 * Every address must pass, not just the one used: a name answering with a public and an
 * internal address would otherwise reach the internal one whenever the resolver reorders.
 */
function checkedAddress(host: string, addresses: string[], allowPrivate: boolean): string {
  for (const address of addresses) {
    let addressClass: AddressClass;
    try {
      addressClass = classifyAddress(address);
    } catch {
      throw new DeliveryRefused(`${host} resolved to ${address}, which is not an IP address.`);
    }
    const allowed = allowPrivate
      ? ALLOWED_WHEN_PRIVATE.includes(addressClass)
      : addressClass === 'public';
    if (!allowed) {
      const which = address === host ? address : `${host} (${address})`;
      const hint = !allowPrivate && ALLOWED_WHEN_PRIVATE.includes(addressClass);
      throw new DeliveryRefused(
        `Refused: ${which} is a ${addressClass} address, not a public one` +
          (hint ? ' (private receivers are not enabled).' : '.'),
        addressClass,
      );
    }
  }
  return addresses[0]!;
}

function post(
  url: URL,
  address: string,
  payload: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<number> {
  const lookup = pinnedLookup(address);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': Buffer.byteLength(payload) },
      lookup,
      // A fresh connection per delivery: a pooled socket would outlive the address check.
      agent: false,
    });
    const timer = setTimeout(
      () => {
        req.destroy(new DeliveryFailed(`${url.origin} timed out: no answer in time.`));
      },
      Math.max(timeoutMs, 0),
    );
    req.on('response', (res) => {
      clearTimeout(timer);
      // The body is not needed; reading it to the end releases the socket.
      res.resume();
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        resolve(status);
        return;
      }
      const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
      reject(new DeliveryFailed(`${url.origin} answered HTTP ${status}${redirect}.`, status));
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(
        error instanceof DeliveryFailed
          ? error
          : new DeliveryFailed(`${url.origin} could not be reached: ${error.message}`, undefined, {
              cause: error,
            }),
      );
    });
    req.end(payload);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeliveryFailed(`Timed out ${what}.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
