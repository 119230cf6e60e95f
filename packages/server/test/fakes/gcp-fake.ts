/**
 * A test double for Google's OAuth 2.0 token endpoint for service accounts
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest) and the Cloud
 * Resource Manager v1 `projects.get` (https://cloud.google.com/resource-manager/reference/rest/v1/projects/get).
 * The token endpoint verifies the JWT-bearer assertion's RS256 signature with the service account's
 * public key and answers `invalid_grant` otherwise, as Google does.
 */
import { createPublicKey, type KeyObject, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';

export interface GcpFakeAccount {
  /** PEM or KeyObject of the account's public key */
  publicKey: string | KeyObject;
  /** project ids this account may read */
  projects: string[];
}

export interface GcpFakeProject {
  projectNumber: string;
  lifecycleState?: string;
}

export interface GcpFakeOptions {
  accounts: Record<string, GcpFakeAccount>;
  projects: Record<string, GcpFakeProject>;
}

export interface GcpTokenRequest {
  path: string;
  grantType: string | null;
  iss: string | undefined;
  aud: string | undefined;
  scope: string | undefined;
  signatureValid: boolean;
}

export interface GcpFake {
  url: string;
  /** the configured token URL: `${url}/token` */
  tokenUrl: string;
  tokenRequests: GcpTokenRequest[];
  projectRequests: { projectId: string; authorized: boolean }[];
  /** every request, as `METHOD path` */
  requests: string[];
  close(): Promise<void>;
}

export async function startGcpFake(options: GcpFakeOptions): Promise<GcpFake> {
  const tokens = new Map<string, string>();
  const fake: Omit<GcpFake, 'url' | 'tokenUrl' | 'close'> = {
    tokenRequests: [],
    projectRequests: [],
    requests: [],
  };

  function token(res: ServerResponse, path: string, body: string) {
    const form = new URLSearchParams(body);
    const assertion = form.get('assertion') ?? '';
    const [header, payload, signature] = assertion.split('.');
    const claims = decodeSegment(payload) as {
      iss?: string;
      aud?: string;
      scope?: string;
      exp?: number;
      iat?: number;
    };
    const alg = (decodeSegment(header) as { alg?: string }).alg;
    const account = claims.iss ? options.accounts[claims.iss] : undefined;
    const signatureValid =
      account !== undefined &&
      alg === 'RS256' &&
      signature !== undefined &&
      verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        createPublicKey(account.publicKey),
        Buffer.from(signature, 'base64url'),
      );
    fake.tokenRequests.push({
      path,
      grantType: form.get('grant_type'),
      iss: claims.iss,
      aud: claims.aud,
      scope: claims.scope,
      signatureValid,
    });
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Invalid grant_type: ',
      });
    }
    if (!account)
      return sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: 'Invalid grant: account not found',
      });
    if (!signatureValid)
      return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    const now = Math.floor(Date.now() / 1000);
    if (
      claims.aud !== GOOGLE_TOKEN_AUDIENCE ||
      !claims.exp ||
      claims.exp < now ||
      (claims.iat ?? 0) > now + 300
    ) {
      return sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: 'Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.',
      });
    }
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, claims.iss!);
    sendJson(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  function project(req: IncomingMessage, res: ServerResponse, projectId: string) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const email = bearer ? tokens.get(bearer) : undefined;
    fake.projectRequests.push({ projectId, authorized: email !== undefined });
    if (!email) {
      return sendJson(res, 401, {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      });
    }
    const found = options.projects[projectId];
    if (!found || !options.accounts[email]?.projects.includes(projectId)) {
      return sendJson(res, 403, {
        error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' },
      });
    }
    sendJson(res, 200, {
      projectNumber: found.projectNumber,
      projectId,
      lifecycleState: found.lifecycleState ?? 'ACTIVE',
      name: projectId,
      createTime: '2024-01-01T00:00:00.000Z',
    });
  }

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      fake.requests.push(`${req.method} ${path}`);
      const projectId = /^\/v1\/projects\/([^/]+)$/.exec(path)?.[1];
      if (req.method === 'POST' && path === '/token') return token(res, path, body);
      if (req.method === 'GET' && projectId) return project(req, res, decodeURIComponent(projectId));
      sendJson(res, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...fake,
    url,
    tokenUrl: `${url}/token`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function decodeSegment(segment: string | undefined): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
