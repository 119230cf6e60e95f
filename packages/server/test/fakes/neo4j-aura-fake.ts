/**
 * A test double for the Neo4j Aura API (https://neo4j.com/docs/aura/platform/api/authentication/ and
 * https://neo4j.com/docs/aura/platform/api/specification/): `POST /oauth/token` with HTTP Basic
 * client credentials and `grant_type=client_credentials`, then `GET /v1/instances` with the bearer
 * token, answering `{ data: [{ id, name, tenant_id, cloud_provider }] }`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuraFakeInstance {
  id: string;
  name: string;
  tenant_id: string;
  cloud_provider?: string;
}

export interface AuraFakeOptions {
  /** client secret by client id */
  clients: Record<string, string>;
  /** instances visible to each client id */
  instances: Record<string, AuraFakeInstance[]>;
}

export interface AuraFakeRequest {
  method: string;
  path: string;
  clientId: string | undefined;
  grantType: string | null;
  bearerValid: boolean;
}

export interface AuraFake {
  url: string;
  received: AuraFakeRequest[];
  close(): Promise<void>;
}

export async function startAuraFake(options: AuraFakeOptions): Promise<AuraFake> {
  const received: AuraFakeRequest[] = [];
  const tokens = new Map<string, string>();

  function token(req: IncomingMessage, res: ServerResponse, body: string, entry: AuraFakeRequest) {
    const [clientId, secret] = basicCredentials(req.headers.authorization);
    entry.clientId = clientId;
    entry.grantType = new URLSearchParams(body).get('grant_type');
    if (entry.grantType !== 'client_credentials')
      return sendJson(res, 400, { error: 'unsupported_grant_type' });
    if (!clientId || options.clients[clientId] === undefined || options.clients[clientId] !== secret) {
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
    }
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, clientId);
    sendJson(res, 200, { access_token: accessToken, expires_in: 3600, token_type: 'bearer' });
  }

  function instances(req: IncomingMessage, res: ServerResponse, entry: AuraFakeRequest) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const clientId = bearer ? tokens.get(bearer) : undefined;
    entry.clientId = clientId;
    entry.bearerValid = clientId !== undefined;
    if (!clientId)
      return sendJson(res, 401, { errors: [{ message: 'Unauthorized', reason: 'unauthorized' }] });
    const data = (options.instances[clientId] ?? []).map((i) => ({ cloud_provider: 'gcp', ...i }));
    sendJson(res, 200, { data });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const entry: AuraFakeRequest = {
        method: req.method ?? '',
        path,
        clientId: undefined,
        grantType: null,
        bearerValid: false,
      };
      received.push(entry);
      if (req.method === 'POST' && path === '/oauth/token')
        return token(req, res, Buffer.concat(chunks).toString(), entry);
      if (req.method === 'GET' && path === '/v1/instances') return instances(req, res, entry);
      sendJson(res, 404, { errors: [{ message: 'Not found', reason: 'not-found' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function basicCredentials(header: string | undefined): [string | undefined, string | undefined] {
  const encoded = /^Basic (.+)$/.exec(header ?? '')?.[1];
  if (!encoded) return [undefined, undefined];
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? [decoded, undefined] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
