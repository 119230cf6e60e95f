import type { Logger } from '../../domain/type-descriptor.js';
import {
  timeoutError,
  unexpectedAnswer,
  untilAborted,
  type VaultHttp,
  type VaultResponse,
  vaultError,
} from './vault-http.js';
import type { VaultCredentials, VaultSettings } from './vault-settings.js';

/** Supplies a Vault token: the configured one, or one from an AppRole login kept fresh. */
export interface VaultAuth {
  /** a token that is valid now; all concurrent callers share one login or renewal */
  token(signal: AbortSignal): Promise<string>;
  /** call after Vault refused `stale`; true when asking `token()` again may give a working token */
  refused(stale: string): boolean;
  /** logs in anew (AppRole) and returns the token; the configured token for the token method */
  fresh(signal: AbortSignal): Promise<string>;
}

interface Lease {
  token: string;
  obtainedAt: number;
  /** ms; 0 = never expires */
  leaseMs: number;
  renewable: boolean;
}

interface AuthDeps {
  http: VaultHttp;
  settings: VaultSettings;
  credentials: VaultCredentials;
  logger: Logger;
  now: () => number;
}

/**
 * Token lifecycle for AppRole: log in, renew (or log in again) once two thirds of the lease have
 * passed, in the background while the token is still valid, so reads never meet an expired token
 * that the client could have foreseen.
 */
export function createVaultAuth(deps: AuthDeps): VaultAuth {
  const { http, settings, credentials, logger, now } = deps;
  let lease: Lease | undefined;
  let pending: Promise<string> | undefined;

  const refreshAt = (l: Lease) => l.obtainedAt + (l.leaseMs * 2) / 3;
  const usableUntil = (l: Lease) => l.obtainedAt + l.leaseMs - Math.min(1000, l.leaseMs / 10);

  function refresh(forceLogin: boolean): Promise<string> {
    pending ??= (async () => {
      const current = lease;
      const signal = AbortSignal.timeout(settings.timeoutMs);
      if (!forceLogin && current?.renewable) {
        try {
          return await renew(current, signal);
        } catch (error) {
          logger.warn(
            { vault: settings.address, reason: reasonOf(error) },
            'vault token renewal failed; logging in again',
          );
        }
      }
      return login(AbortSignal.timeout(settings.timeoutMs));
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function login(signal: AbortSignal): Promise<string> {
    if (credentials.method !== 'approle') return credentials.token;
    const res = await http.send({
      method: 'POST',
      path: '/v1/auth/approle/login',
      json: { role_id: credentials.roleId, secret_id: credentials.secretId },
      signal,
    });
    if (res.status === 400 || res.status === 403) {
      throw vaultError(
        'permission_denied',
        `Vault at ${settings.address} rejected the AppRole login; check role_id and secret_id and set them with PUT /v1/vault`,
        { address: settings.address, status: res.status },
      );
    }
    lease = { ...leaseOf(res, 'the AppRole login'), obtainedAt: now() };
    logger.info({ vault: settings.address, lease_seconds: lease.leaseMs / 1000 }, 'vault AppRole login');
    return lease.token;
  }

  async function renew(current: Lease, signal: AbortSignal): Promise<string> {
    const res = await http.send({
      method: 'POST',
      path: '/v1/auth/token/renew-self',
      token: current.token,
      json: {},
      signal,
    });
    const next = { ...leaseOf(res, 'the token renewal'), obtainedAt: now() };
    // At the role's max TTL a renewal answers lease 0 (OpenBao rounds what is left to whole seconds),
    // which must not read as "never expires": log in afresh.
    if (next.leaseMs === 0) return login(signal);
    // Near the role's max TTL a renewal returns a short lease: the next refresh logs in instead.
    if (next.leaseMs < current.leaseMs / 3) next.renewable = false;
    lease = next;
    logger.debug({ vault: settings.address, lease_seconds: next.leaseMs / 1000 }, 'vault token renewed');
    return next.token;
  }

  function leaseOf(res: VaultResponse, what: string): Omit<Lease, 'obtainedAt'> {
    const auth = (res.body as { auth?: Record<string, unknown> } | undefined)?.auth;
    const token = auth?.client_token;
    const seconds = auth?.lease_duration;
    if (res.status !== 200 || typeof token !== 'string' || token === '' || typeof seconds !== 'number') {
      throw unexpectedAnswer(res, settings, what);
    }
    return { token, leaseMs: Math.max(0, seconds) * 1000, renewable: auth?.renewable === true };
  }

  return {
    async token(signal) {
      if (credentials.method === 'token') return credentials.token;
      const l = lease;
      const t = now();
      if (l && (l.leaseMs === 0 || t < refreshAt(l))) return l.token;
      if (l && t < usableUntil(l)) {
        // this token still works; a failed refresh is retried by a later call
        refresh(false).catch((error: unknown) => {
          logger.warn({ vault: settings.address, reason: reasonOf(error) }, 'vault token refresh failed');
        });
        return l.token;
      }
      return untilAborted(refresh(false), signal, () => timeoutError(settings));
    },
    refused(stale) {
      if (credentials.method !== 'approle') return false;
      if (lease?.token === stale) lease = undefined;
      return true;
    },
    fresh(signal) {
      if (credentials.method !== 'approle') return Promise.resolve(credentials.token);
      lease = undefined;
      return untilAborted(refresh(true), signal, () => timeoutError(settings));
    },
  };
}

function reasonOf(error: unknown): string {
  const details = (error as { details?: { reason?: unknown } }).details;
  return typeof details?.reason === 'string' ? details.reason : 'unknown';
}
