import { networkError, PatchbayError } from './errors.js';

/**
 * How the client reaches the server. Exported for the client's own use and for tests.
 *
 * @example
 * const transport = createTransport({ baseUrl: 'http://127.0.0.1:7300', token: process.env.PATCHBAY_TOKEN });
 * const types = await transport.request<{ items: unknown[] }>('GET', '/v1/types');
 */
export interface TransportOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  csrfToken?: () => string | undefined;
  /** retries of idempotent calls (GET, PUT, DELETE) answered 429 or 502; default 2 */
  maxRetries?: number;
  /** waits between retries (tests pass a recorder); default a timer */
  sleep?: (ms: number) => Promise<void>;
}

/** Calls that may be sent again without changing the outcome; POST and PATCH never retry. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRY_STATUSES = new Set([429, 502]);
const BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait before retry `attempt` (0-based): the server's `Retry-After` (seconds or an HTTP
 * date, capped at 60 s) when it sent one, else exponential backoff with full jitter, capped at 8 s.
 */
export function retryDelayMs(attempt: number, retryAfter: string | null, now = Date.now()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const hinted = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(hinted)) return Math.min(Math.max(hinted, 0), MAX_RETRY_AFTER_MS);
  }
  return Math.random() * Math.min(BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One request: query parameters are dropped when `undefined`; `ifMatch` becomes `If-Match: "<n>"`. */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  ifMatch?: number;
}

export interface Transport {
  readonly baseUrl: string;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `encodeURIComponent` for one path segment, so a tag or id can never add a segment.
 *
 * @example
 * `/v1/connections/${segment(tag)}/resolve`
 */
export const segment = (value: string) => encodeURIComponent(value);

/**
 * Creates the fetch-based transport: JSON in and out, bearer token or browser session (cookies plus
 * the CSRF header on changing requests), and every failure as a {@link PatchbayError}.
 *
 * @example
 * const transport = createTransport({ baseUrl: 'http://127.0.0.1:7300', token: 'pb_…' });
 */
export function createTransport(options: TransportOptions): Transport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return {
    baseUrl,
    async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<T> {
      const url = baseUrl + path + queryString(request.query);
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (request.body !== undefined) headers['content-type'] = 'application/json';
      if (request.ifMatch !== undefined) headers['if-match'] = `"${request.ifMatch}"`;
      const csrf = SAFE_METHODS.has(method) ? undefined : options.csrfToken?.();
      if (csrf) headers['x-csrf-token'] = csrf;

      const init: RequestInit = {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      };
      const retries = IDEMPOTENT.has(method) ? (options.maxRetries ?? 2) : 0;
      for (let attempt = 0; ; attempt++) {
        let response: Response;
        try {
          response = await doFetch(url, init);
        } catch (error) {
          throw networkError(url, error);
        }
        if (attempt < retries && RETRY_STATUSES.has(response.status)) {
          await response.body?.cancel();
          await (options.sleep ?? timer)(retryDelayMs(attempt, response.headers.get('retry-after')));
          continue;
        }
        const body = await readBody(response);
        if (!response.ok) throw PatchbayError.from(body, response.status);
        return body as T;
      }
    },
  };
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    if (response.ok) {
      throw new PatchbayError(`the server answered with something other than JSON: ${text.slice(0, 120)}`, {
        status: response.status,
        code: 'invalid_response',
      });
    }
    return text;
  }
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
