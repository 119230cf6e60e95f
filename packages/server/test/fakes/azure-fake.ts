/**
 * A test double, over https, for the Microsoft identity platform v2.0 client-credentials flow
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow) and the
 * Azure Resource Manager subscription read (`GET /subscriptions/{id}?api-version=2022-12-01`).
 * It serves the OpenID metadata MSAL reads from its authority, `POST /{tenant}/oauth2/v2.0/token`
 * with the documented AADSTS error bodies (90002, 700016, 7000215), and checks the bearer token on
 * the management call. https because MSAL refuses non-https authorities; the test trusts the
 * generated certificate with NODE_EXTRA_CA_CERTS.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AzureFakeOptions {
  /** tenants by id; each lists its applications (client id → secret value) */
  tenants: Record<string, { applications: Record<string, string> }>;
  /** subscriptions by id, with the tenant they belong to and the applications with a role on them */
  subscriptions: Record<string, { tenantId: string; displayName: string; readers: string[]; state?: string }>;
  tls: { key: string; cert: string };
}

export interface AzureFakeRequest {
  method: string;
  path: string;
  grantType?: string | null;
  clientId?: string | null;
  scope?: string | null;
  bearerValid?: boolean;
}

export interface AzureFake {
  url: string;
  received: AzureFakeRequest[];
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 (openssl CLI: node:crypto cannot issue X.509). */
export function generateLoopbackCertificate(): {
  key: string;
  cert: string;
  certPath: string;
  cleanup(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-azure-fake-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function startAzureFake(options: AzureFakeOptions): Promise<AzureFake> {
  const received: AzureFakeRequest[] = [];
  const tokens = new Map<string, { tenantId: string; clientId: string }>();
  let url = '';

  function metadata(res: ServerResponse, tenant: string) {
    if (!options.tenants[tenant])
      return aadError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found.`);
    const base = `${url}/${tenant}`;
    sendJson(res, 200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${url}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      tenant_region_scope: 'EU',
    });
  }

  function token(res: ServerResponse, tenant: string, body: string, entry: AzureFakeRequest) {
    const form = new URLSearchParams(body);
    entry.grantType = form.get('grant_type');
    entry.clientId = form.get('client_id');
    entry.scope = form.get('scope');
    const directory = options.tenants[tenant];
    if (!directory)
      return aadError(
        res,
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
      );
    if (entry.grantType !== 'client_credentials') {
      return aadError(
        res,
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type.',
      );
    }
    const secret = directory.applications[entry.clientId ?? ''];
    if (secret === undefined) {
      return aadError(
        res,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${entry.clientId}' was not found in the directory '${tenant}'.`,
      );
    }
    if (form.get('client_secret') !== secret) {
      return aadError(
        res,
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
      );
    }
    const accessToken = `eyJ0eXAi.${randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, { tenantId: tenant, clientId: entry.clientId! });
    sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  }

  function subscription(req: IncomingMessage, res: ServerResponse, id: string, entry: AzureFakeRequest) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const caller = bearer ? tokens.get(bearer) : undefined;
    entry.bearerValid = caller !== undefined;
    if (!caller) return armError(res, 401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    const found = options.subscriptions[id];
    if (!found || found.tenantId !== caller.tenantId) {
      return armError(res, 404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
    }
    if (!found.readers.includes(caller.clientId)) {
      return armError(
        res,
        403,
        'AuthorizationFailed',
        `The client '${caller.clientId}' does not have authorization to perform action 'Microsoft.Resources/subscriptions/read' over scope '/subscriptions/${id}'.`,
      );
    }
    sendJson(res, 200, {
      id: `/subscriptions/${id}`,
      authorizationSource: 'RoleBased',
      subscriptionId: id,
      tenantId: found.tenantId,
      displayName: found.displayName,
      state: found.state ?? 'Enabled',
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off',
      },
    });
  }

  const server = createServer({ key: options.tls.key, cert: options.tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { pathname, searchParams } = new URL(req.url ?? '/', 'https://fake');
      const entry: AzureFakeRequest = { method: req.method ?? '', path: pathname };
      received.push(entry);
      const tenant = pathname.split('/')[1] ?? '';
      if (req.method === 'GET' && pathname === `/${tenant}/v2.0/.well-known/openid-configuration`)
        return metadata(res, tenant);
      if (req.method === 'POST' && pathname === `/${tenant}/oauth2/v2.0/token`) {
        return token(res, tenant, Buffer.concat(chunks).toString(), entry);
      }
      const subscriptionId = /^\/subscriptions\/([^/]+)$/.exec(pathname)?.[1];
      if (req.method === 'GET' && subscriptionId) {
        if (searchParams.get('api-version') !== '2022-12-01') {
          return armError(res, 400, 'InvalidApiVersionParameter', 'The api-version is invalid.');
        }
        return subscription(req, res, subscriptionId, entry);
      }
      armError(res, 404, 'NotFound', `No route for ${pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function aadError(res: ServerResponse, status: number, error: string, code: number, description: string) {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  sendJson(res, status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

function armError(res: ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { error: { code, message } });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
