import type { Problem } from '../contract/common.js';

/** A failed API call, carrying the server's RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: { field: string; reason: string }[];

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? `http_${status}`;
    this.title = problem.title ?? `HTTP ${status}`;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

const BASE = '/api/v1';

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

/** The session's CSRF token, sent as X-CSRF-Token on every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request is answered 401 (the session ended or expired). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** A path with the query's set values; empty strings, null and undefined are left out. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${path}${search ? `?${search}` : ''}`;
}

/** An API URL with the query's set values; empty strings, null and undefined are left out. */
export function apiUrl(path: string, query: Query = {}): string {
  return `${BASE}${withQuery(path, query)}`;
}

function toError(status: number, contentType: string | null, body: string): ApiError {
  if (contentType?.includes('json')) {
    try {
      return new ApiError(status, JSON.parse(body) as Partial<Problem>);
    } catch {
      // Not JSON after all: fall through to the plain error.
    }
  }
  return new ApiError(status, {});
}

async function request<T>(
  method: string,
  path: string,
  query?: Query,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(apiUrl(path, query), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    if (response.status === 401) onUnauthorized();
    throw toError(response.status, response.headers.get('Content-Type'), text);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, query),
  /** `headers` adds request headers, e.g. `Idempotency-Key`. */
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, undefined, body, headers),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, undefined, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, undefined, body),
  delete: (path: string) => request<void>('DELETE', path),
};

/**
 * A fresh key for the `Idempotency-Key` header: one per form session, so that a repeated submit
 * is answered with the first result. `crypto.randomUUID` needs a secure context (HTTPS or
 * localhost); elsewhere a version 4 UUID is built from `crypto.getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * POSTs a file as the raw request body with XMLHttpRequest, which (unlike fetch) reports upload
 * progress. `onUploaded` is called once the body is sent, while the server is still working.
 */
export function uploadFile<T>(
  path: string,
  query: Query,
  file: Blob,
  contentType: string,
  onProgress: (percent: number) => void,
  onUploaded: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.upload.onload = onUploaded;
    xhr.onerror = () => reject(new ApiError(0, { code: 'network_error' }));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as T);
        return;
      }
      if (xhr.status === 401) onUnauthorized();
      reject(toError(xhr.status, xhr.getResponseHeader('Content-Type'), xhr.responseText));
    };
    xhr.send(file);
  });
}
