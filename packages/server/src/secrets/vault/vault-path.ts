import { AppError } from '../../domain/errors.js';

/** A KV secret path in its two spellings. */
export interface NormalizedVaultPath {
  /** canonical logical path `<mount>/<key>`, e.g. `secret/oracle` for both KV v2 forms */
  path: string;
  mount: string;
  /** the secret's key below the mount, e.g. `oracle` or `team/db` */
  key: string;
  /** URL path of the read, e.g. `/v1/secret/data/oracle` (KV v2) or `/v1/kv/oracle` (KV v1) */
  apiPath: string;
}

// Vault path segments are free-form, but `.`/`..` and URL syntax could steer a read to another API
// route (e.g. `sys/`), so only plain segments are accepted.
const SEGMENT = /^[A-Za-z0-9_@=+,:~-][A-Za-z0-9_.@=+,:~-]*$/;

function segmentsOf(raw: string, what: string): string[] {
  const segments = raw.split('/').filter((s) => s !== '');
  const bad = segments.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) {
    throw invalidPath(`${what} segment '${bad}' is not allowed; use letters, digits and _ - . @ = + , : ~`);
  }
  return segments;
}

function invalidPath(message: string): AppError {
  return new AppError('invalid_input', `invalid Vault path: ${message}`, {
    issues: [{ path: 'path', message }],
  });
}

/** Trims slashes and checks a mount path such as `secret` or `kv/team`. */
export function normalizeMount(mount: string): string {
  const segments = segmentsOf(mount.trim(), 'mount');
  if (segments.length === 0) throw invalidPath('the mount is empty');
  return segments.join('/');
}

/**
 * Resolves an attached path against a workspace's KV mount. For KV v2 the API form
 * (`secret/data/oracle`) and the logical form (`secret/oracle`) name the same secret; a path that
 * does not start with the mount is relative to it. Throws `AppError('invalid_input')` for an empty
 * path or a segment such as `..`.
 *
 * @example
 * normalizeVaultPath('secret/data/oracle', 'secret', 2);
 * // → { path: 'secret/oracle', mount: 'secret', key: 'oracle', apiPath: '/v1/secret/data/oracle' }
 * normalizeVaultPath('oracle', 'secret', 2).path; // → 'secret/oracle'
 */
export function normalizeVaultPath(path: string, mount: string, kvVersion: 1 | 2): NormalizedVaultPath {
  const mountSegments = normalizeMount(mount).split('/');
  let segments = segmentsOf(path.trim(), 'path');
  const underMount = mountSegments.every((m, i) => segments[i] === m);
  if (underMount) {
    segments = segments.slice(mountSegments.length);
    if (kvVersion === 2 && segments[0] === 'data') segments = segments.slice(1);
  }
  if (segments.length === 0) {
    throw invalidPath(`'${path}' names no secret below the mount '${mountSegments.join('/')}'`);
  }
  const key = segments.join('/');
  const mountPath = mountSegments.join('/');
  const encoded = (parts: string[]) => parts.map(encodeURIComponent).join('/');
  const apiPath =
    kvVersion === 2
      ? `/v1/${encoded(mountSegments)}/data/${encoded(segments)}`
      : `/v1/${encoded(mountSegments)}/${encoded(segments)}`;
  return { path: `${mountPath}/${key}`, mount: mountPath, key, apiPath };
}
