/**
 * A test double for the MongoDB Atlas Administration API v2
 * (https://www.mongodb.com/docs/atlas/reference/api-resources-spec/v2/) `GET /api/atlas/v2/groups/{groupId}`,
 * authenticated with HTTP Digest like Atlas: an unauthenticated request gets
 * `401` + `WWW-Authenticate: Digest realm="MMS Public API", nonce=…, qop="auth", algorithm=MD5`, and the
 * answer's `response` hash is recomputed from the API key's private part (RFC 7616, MD5, qop=auth).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AtlasFakeOptions {
  /** private key by public key */
  apiKeys: Record<string, string>;
  /** projects (groups) by id */
  groups: Record<string, { name: string; orgId: string }>;
  /** when set, requests must send this Accept header (Atlas versioned media type) */
  accept?: string;
}

export interface AtlasFakeRequest {
  path: string;
  accept: string | undefined;
  /** public key named in the Digest answer, if any */
  username: string | undefined;
  digestValid: boolean;
  qop: string | undefined;
}

export interface AtlasFake {
  url: string;
  received: AtlasFakeRequest[];
  close(): Promise<void>;
}

const REALM = 'MMS Public API';
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export async function startAtlasFake(options: AtlasFakeOptions): Promise<AtlasFake> {
  const received: AtlasFakeRequest[] = [];
  const nonces = new Set<string>();

  function challenge(res: ServerResponse, stale = false) {
    const nonce = randomBytes(16).toString('base64');
    nonces.add(nonce);
    res.writeHead(401, {
      'content-type': 'application/json',
      'www-authenticate': `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`,
    });
    res.end(
      JSON.stringify({
        detail: 'You are not authorized for this resource.',
        error: 401,
        errorCode: 'NOT_ORG_GROUP_CREATOR',
        reason: 'Unauthorized',
      }),
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? '/';
    const answer = parseAuthorization(req.headers.authorization);
    const accept = req.headers.accept;
    const privateKey = answer?.username ? options.apiKeys[answer.username] : undefined;
    const digestValid =
      answer !== undefined &&
      privateKey !== undefined &&
      answer.realm === REALM &&
      nonces.has(answer.nonce ?? '') &&
      answer.uri === path &&
      answer.qop === 'auth' &&
      answer.response ===
        md5(
          `${md5(`${answer.username}:${REALM}:${privateKey}`)}:${answer.nonce}:${answer.nc}:${answer.cnonce}:auth:${md5(`${req.method}:${answer.uri}`)}`,
        );
    received.push({ path, accept, username: answer?.username, digestValid, qop: answer?.qop });
    if (!digestValid) return challenge(res);
    nonces.delete(answer!.nonce!);
    if (options.accept && accept !== options.accept) {
      return sendJson(res, 406, {
        detail: 'Invalid accept header or version date.',
        error: 406,
        errorCode: 'INVALID_VERSION_DATE',
        reason: 'Not Acceptable',
      });
    }
    const id = /^\/api\/atlas\/v2\/groups\/([^/?]+)$/.exec(path)?.[1];
    const group = id ? options.groups[id] : undefined;
    if (!id || !group) {
      return sendJson(res, 404, {
        detail: `Cannot find resource ${path}.`,
        error: 404,
        errorCode: 'RESOURCE_NOT_FOUND',
        reason: 'Not Found',
      });
    }
    sendJson(res, 200, {
      id,
      name: group.name,
      orgId: group.orgId,
      clusterCount: 0,
      created: '2024-01-01T00:00:00Z',
      links: [],
    });
  }

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function parseAuthorization(header: string | undefined): Record<string, string | undefined> | undefined {
  if (!header?.startsWith('Digest ')) return undefined;
  const params: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/([a-zA-Z]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return params;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
