import { createHash, randomBytes } from 'node:crypto';

/** The parameters of a `WWW-Authenticate: Digest …` challenge (RFC 7616 §3.3). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop: string | undefined;
  opaque: string | undefined;
  algorithm: string;
}

/**
 * Parses a Digest challenge; `undefined` when the header offers no Digest scheme.
 *
 * @example
 * parseDigestChallenge('Digest realm="MMS Public API", nonce="abc", qop="auth", algorithm=MD5')
 * // { realm: 'MMS Public API', nonce: 'abc', qop: 'auth', opaque: undefined, algorithm: 'MD5' }
 */
export function parseDigestChallenge(header: string | null): DigestChallenge | undefined {
  const start = header?.search(/\bDigest\s/i) ?? -1;
  if (!header || start < 0) return undefined;
  const params = new Map<string, string>();
  const pattern = /([a-zA-Z]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const match of header.slice(start + 7).matchAll(pattern)) {
    const key = match[1]!.toLowerCase();
    if (!params.has(key)) params.set(key, (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1'));
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) return undefined;
  const qops = params
    .get('qop')
    ?.split(',')
    .map((q) => q.trim());
  return {
    realm,
    nonce,
    // only qop=auth is implemented (there is no body to protect on a GET)
    qop: qops?.includes('auth') ? 'auth' : undefined,
    opaque: params.get('opaque'),
    algorithm: params.get('algorithm') ?? 'MD5',
  };
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

/** True when {@link digestAuthorization} can answer the challenge's algorithm. */
export const supportsAlgorithm = (challenge: DigestChallenge): boolean =>
  HASHES[challenge.algorithm.replace(/-sess$/i, '').toUpperCase()] !== undefined;

/**
 * The `Authorization: Digest …` header answering `challenge` for one request (RFC 7616 §3.4),
 * with a fresh client nonce and nc=00000001.
 *
 * @example
 * digestAuthorization(challenge, { username: 'pub', password: 'priv', method: 'GET', uri: '/api/atlas/v2/groups/1' })
 */
export function digestAuthorization(
  challenge: DigestChallenge,
  request: { username: string; password: string; method: string; uri: string },
): string {
  const session = /-sess$/i.test(challenge.algorithm);
  const hashName = HASHES[challenge.algorithm.replace(/-sess$/i, '').toUpperCase()] ?? 'md5';
  const h = (text: string) => createHash(hashName).update(text, 'utf8').digest('hex');
  const cnonce = randomBytes(16).toString('hex');
  const nc = '00000001';
  let ha1 = h(`${request.username}:${challenge.realm}:${request.password}`);
  if (session) ha1 = h(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = h(`${request.method}:${request.uri}`);
  const response = challenge.qop
    ? h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${challenge.qop}:${ha2}`)
    : h(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username="${quote(request.username)}"`,
    `realm="${quote(challenge.realm)}"`,
    `nonce="${quote(challenge.nonce)}"`,
    `uri="${quote(request.uri)}"`,
    `algorithm=${challenge.algorithm}`,
    `response="${response}"`,
  ];
  if (challenge.qop) parts.push(`qop=${challenge.qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (challenge.opaque !== undefined) parts.push(`opaque="${quote(challenge.opaque)}"`);
  return `Digest ${parts.join(', ')}`;
}

const quote = (value: string): string => value.replace(/(["\\])/g, '\\$1');
