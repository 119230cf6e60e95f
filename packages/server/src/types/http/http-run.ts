/**
 * Sends the http task's request with undici: every hop's host passes the egress guard and the socket
 * connects only to the addresses the guard returned; redirects are followed by hand so each one is
 * re-checked, and credentials never follow a redirect to another origin.
 */
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import type { TypeContext } from '../../domain/type-descriptor.js';
import { TaskFailure } from '../../domain/type-descriptor.js';
import { deadlineFailure, describeNetError } from '../../task-kit/task-support.js';
import type { HttpInputs } from './http-type.js';

/** Responses larger than this are refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** the URL that answered (after redirects), without credentials or query */
  url: string;
}

/** What may follow a redirect to another origin (SPEC 7): nothing that could carry a credential. */
const CROSS_ORIGIN_SAFE = new Set(['accept', 'accept-encoding', 'user-agent', 'content-type']);

/** Sends the request, following up to `max_redirects` redirects, each re-checked by the egress guard. */
export async function sendHttpRequest(inputs: HttpInputs, ctx: TypeContext): Promise<HttpResponse> {
  // the Basic token is a form of the password the task makes itself: an echo of it must be masked too
  if (inputs.password) ctx.secrets.add(basicToken(inputs));
  let url = initialUrl(inputs);
  const origin = url.origin;
  let method = inputs.method;
  let body = requestBody(inputs);
  for (let hop = 0; ; hop++) {
    const headers = requestHeaders(inputs, url.origin === origin, body !== undefined);
    const addresses = await ctx.egress.check(url.hostname);
    const response = await sendOnce(url, method, headers, body, addresses, inputs, ctx);
    const location = response.headers.location;
    if (!isRedirect(response.status) || typeof location !== 'string' || inputs.max_redirects === 0) {
      return response;
    }
    if (hop >= inputs.max_redirects) {
      throw new TaskFailure(
        'too_many_redirects',
        `${inputs.method} ${displayUrl(initialUrl(inputs))} redirected more than max_redirects (${inputs.max_redirects}) times; ` +
          'raise max_redirects or call the final URL',
      );
    }
    url = nextUrl(url, location);
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
    }
  }
}

async function sendOnce(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  addresses: string[],
  inputs: HttpInputs,
  ctx: TypeContext,
): Promise<HttpResponse> {
  const readMs = inputs.read_timeout * 1000;
  const agent = new Agent({
    connect: { lookup: pinnedLookup(addresses), timeout: inputs.connect_timeout * 1000 },
    headersTimeout: readMs,
    bodyTimeout: readMs,
    connections: 1,
    pipelining: 0,
  });
  const where = `${url.host}`;
  try {
    const res = await request(url, {
      method: method as 'GET',
      headers,
      body,
      dispatcher: agent,
      signal: ctx.signal,
    });
    const received = await readCapped(res.body, url);
    return {
      status: res.statusCode,
      headers: res.headers as Record<string, string | string[]>,
      body: received,
      url: displayUrl(url),
    };
  } catch (error) {
    throw mapRequestError(error, where, inputs, ctx);
  } finally {
    agent.destroy().catch(() => undefined);
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, url: URL): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw new TaskFailure(
        'response_too_large',
        `the response of ${displayUrl(url)} exceeds ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; request a smaller resource`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function mapRequestError(error: unknown, where: string, inputs: HttpInputs, ctx: TypeContext): Error {
  if (error instanceof TaskFailure) return error;
  if (ctx.signal.aborted) return deadlineFailure(`the request to ${where}`, ctx.timeoutMs);
  const code = (error as { code?: string }).code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TaskFailure(
      'timeout',
      `${where} did not answer within read_timeout (${inputs.read_timeout}s); raise read_timeout or check the server`,
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TaskFailure(
      'timeout',
      `connecting to ${where} took longer than connect_timeout (${inputs.connect_timeout}s); check host, port and firewalls`,
    );
  }
  const net = describeNetError(error, where) ?? describeNetError((error as { cause?: unknown }).cause, where);
  if (net) return net;
  if (code === 'UND_ERR_SOCKET') {
    return new TaskFailure('connection_reset', `${where} closed the connection before answering`);
  }
  return new TaskFailure(
    'task_failed',
    `the request to ${where} failed: ${(error as Error).message ?? code}`,
  );
}

/** Lets the socket connect only to the guard's addresses, whatever DNS says now. */
function pinnedLookup(addresses: string[]): LookupFunction {
  const all = addresses.map((address) => ({ address, family: isIP(address) }));
  return ((_host: string, options: { all?: boolean; family?: number | string }, callback: Function) => {
    const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 ? 6 : 0;
    const list = wanted ? all.filter((a) => a.family === wanted) : all;
    const first = list[0] ?? all[0]!;
    if (options.all) callback(null, list.length ? list : all);
    else callback(null, first.address, first.family);
  }) as unknown as LookupFunction;
}

function initialUrl(inputs: HttpInputs): URL {
  const url = new URL(inputs.url);
  for (const [k, v] of Object.entries(inputs.params ?? {})) url.searchParams.append(k, String(v));
  return url;
}

function nextUrl(from: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new TaskFailure('task_failed', `${displayUrl(from)} redirected to an invalid location`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new TaskFailure(
      'egress_denied',
      `${displayUrl(from)} redirected to a ${next.protocol} URL; only http and https are followed`,
    );
  }
  return next;
}

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

function requestBody(inputs: HttpInputs): string | undefined {
  if (inputs.json !== undefined) return JSON.stringify(inputs.json);
  return inputs.body;
}

/**
 * The headers of one hop. To the url's origin: the headers, the secret headers and the credentials.
 * To any other origin: only the safe list, so no cookie, API key or token follows a redirect.
 */
function requestHeaders(inputs: HttpInputs, sameOrigin: boolean, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  const given = { ...inputs.headers, ...(sameOrigin ? inputs.secret_headers : {}) };
  for (const [k, v] of Object.entries(given)) {
    const name = k.toLowerCase();
    if (!sameOrigin && !CROSS_ORIGIN_SAFE.has(name)) continue;
    if (name === 'host' || name === 'content-length') continue;
    headers[name] = v;
  }
  if (hasBody && inputs.json !== undefined && !headers['content-type'])
    headers['content-type'] = 'application/json';
  if (!sameOrigin) return headers;
  if (inputs.bearer_token) headers.authorization = `Bearer ${inputs.bearer_token}`;
  else if (inputs.username !== undefined || inputs.password !== undefined) {
    headers.authorization = `Basic ${basicToken(inputs)}`;
  }
  return headers;
}

const basicToken = (inputs: HttpInputs): string =>
  Buffer.from(`${inputs.username ?? ''}:${inputs.password ?? ''}`).toString('base64');

/** A URL safe to show: no user info, no query (which may carry keys). */
export function displayUrl(url: URL | string): string {
  const u = new URL(String(url));
  return `${u.protocol}//${u.host}${u.pathname}`;
}
