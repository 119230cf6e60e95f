import { Agent, request } from 'undici';
import { AppError } from '../../domain/errors.js';
import type { JsonObject } from '../../domain/model.js';
import type { VaultSettings } from './vault-settings.js';

/** `details.reason` of a `vault_error` (SPEC 2.1). */
export type VaultErrorReason = 'unreachable' | 'sealed' | 'permission_denied' | 'timeout' | 'bad_response';

export function vaultError(
  reason: VaultErrorReason,
  message: string,
  details: JsonObject = {},
  cause?: unknown,
): AppError {
  return new AppError(
    'vault_error',
    message,
    { reason, ...details },
    cause === undefined ? undefined : { cause },
  );
}

/** A Vault answer: the status and the parsed JSON body (undefined when the body is not JSON). */
export interface VaultResponse {
  status: number;
  body: unknown;
}

export interface VaultRequest {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  json?: JsonObject;
  /** aborts the request; every caller passes a deadline so a dead Vault never hangs a request */
  signal: AbortSignal;
  /** sys/health lives in the root namespace only */
  withoutNamespace?: boolean;
}

export interface VaultHttp {
  send(req: VaultRequest): Promise<VaultResponse>;
  close(): Promise<void>;
}

// Vault answers are small; a larger body is a misconfigured proxy, not a secret.
const MAX_BODY_CHARS = 4 * 1024 * 1024;
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/;

/**
 * HTTP to one Vault: one connection pool that trusts only `caCert` when set (TLS is always
 * verified), the namespace header, and transport failures mapped to `vault_error`. Response bodies
 * never reach an error: they may hold secret values.
 */
export function createVaultHttp(settings: VaultSettings): VaultHttp {
  const agent = new Agent({
    connect: { timeout: settings.timeoutMs, ...(settings.caCert ? { ca: settings.caCert } : {}) },
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
  });

  async function send(req: VaultRequest): Promise<VaultResponse> {
    const headers: Record<string, string> = { accept: 'application/json', 'x-vault-request': 'true' };
    if (req.token !== undefined) headers['x-vault-token'] = req.token;
    if (settings.namespace && !req.withoutNamespace) headers['x-vault-namespace'] = settings.namespace;
    if (req.json !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await request(`${settings.address}${req.path}`, {
        method: req.method,
        headers,
        body: req.json === undefined ? undefined : JSON.stringify(req.json),
        dispatcher: agent,
        signal: req.signal,
      });
      const text = await res.body.text();
      return { status: res.statusCode, body: parseBody(text) };
    } catch (error) {
      throw transportError(error, req.signal, settings);
    }
  }

  return { send, close: () => agent.close() };
}

function parseBody(text: string): unknown {
  if (text.length === 0 || text.length > MAX_BODY_CHARS) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // the parser's message quotes the body, which may hold secret values: drop it
    return undefined;
  }
}

function errorCode(error: unknown): string {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.name : 'unknown';
}

function transportError(error: unknown, signal: AbortSignal, settings: VaultSettings): AppError {
  if (error instanceof AppError) return error;
  const code = errorCode(error);
  const details = { address: settings.address, code };
  if (signal.aborted || /TIMEOUT/.test(code)) return timeoutError(settings);
  if (TLS_CODE.test(code)) {
    return vaultError(
      'unreachable',
      `TLS verification of Vault at ${settings.address} failed (${code}); set ca_cert to the CA that signed Vault's certificate with PUT /v1/vault`,
      details,
      error,
    );
  }
  return vaultError(
    'unreachable',
    `Vault at ${settings.address} is unreachable (${code}); check that Vault is running and the address is right (PUT /v1/vault)`,
    details,
    error,
  );
}

export function timeoutError(settings: Pick<VaultSettings, 'address' | 'timeoutMs'>): AppError {
  return vaultError(
    'timeout',
    `Vault at ${settings.address} did not answer within ${settings.timeoutMs} ms; check that it is up and reachable, or raise timeout_ms with PUT /v1/vault`,
    { address: settings.address, timeout_ms: settings.timeoutMs },
  );
}

/**
 * The error for an answer the caller did not expect: `sealed` for 503 or Vault's "Vault is sealed",
 * otherwise `bad_response`. Callers handle 403 and 404 themselves, where they know what was asked.
 */
export function unexpectedAnswer(res: VaultResponse, settings: VaultSettings, what: string): AppError {
  const address = settings.address;
  if (res.status === 503 || vaultErrors(res.body)?.some((e) => /sealed/i.test(e))) {
    return vaultError(
      'sealed',
      `Vault at ${address} is sealed; unseal it (vault operator unseal) and try again`,
      { address, status: res.status },
    );
  }
  const shape = res.status < 300 ? 'a response of unexpected shape' : `status ${res.status}`;
  return vaultError(
    'bad_response',
    `Vault at ${address} answered ${what} with ${shape}; check that the address points at Vault (not a proxy page) and Vault's logs`,
    { address, status: res.status },
  );
}

/** Waits for `promise`, or rejects with `onAbort()` as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/** The `errors` array of a Vault error body, if any. Vault's own messages carry no secret values. */
export function vaultErrors(body: unknown): string[] | undefined {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : undefined;
}
