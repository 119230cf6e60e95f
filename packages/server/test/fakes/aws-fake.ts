/**
 * A test double for the AWS STS query API (https://docs.aws.amazon.com/STS/latest/APIReference/):
 * form-encoded POSTs `Action=AssumeRole|GetCallerIdentity&Version=2011-06-15`, SigV4-signed, answered
 * with the documented XML (`AssumeRoleResponse`, `GetCallerIdentityResponse`, `ErrorResponse`).
 * It verifies every SigV4 signature against the secret of the access key used, and enforces each
 * role's trust (allowed principals, required external id) like IAM does.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsFakeIdentity {
  secretAccessKey: string;
  /** e.g. arn:aws:iam::111111111111:user/patchbay */
  arn: string;
}

export interface AwsFakeRole {
  /** principal ARNs the role's trust policy allows */
  trustedPrincipals: string[];
  /** when set, the trust policy has `StringEquals sts:ExternalId` with this value */
  externalId?: string;
}

export interface AwsFakeOptions {
  /** base credentials by access key id */
  identities: Record<string, AwsFakeIdentity>;
  /** roles by ARN */
  roles: Record<string, AwsFakeRole>;
  /** secret values the fake hands out for sessions; a test may plant a canary here */
  sessionSecret?: string;
}

export interface AwsFakeRequest {
  action: string;
  accessKeyId: string;
  signatureValid: boolean;
  securityToken: string | undefined;
  roleArn: string | undefined;
  externalId: string | undefined;
  roleSessionName: string | undefined;
  region: string;
}

export interface AwsFake {
  url: string;
  received: AwsFakeRequest[];
  close(): Promise<void>;
}

interface Session {
  secretAccessKey: string;
  sessionToken: string;
  arn: string;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export async function startAwsFake(options: AwsFakeOptions): Promise<AwsFake> {
  const received: AwsFakeRequest[] = [];
  const sessions = new Map<string, Session>();
  const server = createServer((req, res) => {
    void readBody(req).then((body) => handle(req, body, res));
  });

  function handle(req: IncomingMessage, body: string, res: ServerResponse) {
    const params = new URLSearchParams(body);
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth)
      return sendError(res, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const session = sessions.get(auth.accessKeyId);
    const base = options.identities[auth.accessKeyId];
    const secret = session?.secretAccessKey ?? base?.secretAccessKey;
    const signatureValid = secret !== undefined && verifySignature(req, body, auth, secret);
    const securityToken = header(req, 'x-amz-security-token');
    received.push({
      action: params.get('Action') ?? '',
      accessKeyId: auth.accessKeyId,
      signatureValid,
      securityToken,
      roleArn: params.get('RoleArn') ?? undefined,
      externalId: params.get('ExternalId') ?? undefined,
      roleSessionName: params.get('RoleSessionName') ?? undefined,
      region: auth.region,
    });
    if (!secret)
      return sendError(
        res,
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    if (!signatureValid) {
      return sendError(
        res,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (session && securityToken !== session.sessionToken) {
      return sendError(
        res,
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    }
    const callerArn = session?.arn ?? base!.arn;
    if (params.get('Action') === 'GetCallerIdentity') return sendCallerIdentity(res, callerArn);
    if (params.get('Action') === 'AssumeRole') return assumeRole(res, params, callerArn);
    sendError(
      res,
      400,
      'InvalidAction',
      `Could not find operation ${params.get('Action')} for version 2011-06-15`,
    );
  }

  function assumeRole(res: ServerResponse, params: URLSearchParams, callerArn: string) {
    const roleArn = params.get('RoleArn') ?? '';
    const role = options.roles[roleArn];
    const trusted = role?.trustedPrincipals.includes(callerArn) ?? false;
    const externalOk = role?.externalId === undefined || role.externalId === params.get('ExternalId');
    if (!role || !trusted || !externalOk) {
      return sendError(
        res,
        403,
        'AccessDenied',
        `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const account = /iam::(\d{12}):/.exec(roleArn)?.[1] ?? '000000000000';
    const roleName = roleArn.split('/').pop();
    const sessionName = params.get('RoleSessionName') ?? 'session';
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const session: Session = {
      secretAccessKey: options.sessionSecret ?? randomBytes(20).toString('base64'),
      sessionToken: `${options.sessionSecret ?? ''}${randomBytes(32).toString('base64')}`,
      arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
    };
    sessions.set(accessKeyId, session);
    const expiration = new Date(Date.now() + 900_000).toISOString().replace(/\.\d{3}/, '');
    sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="${XMLNS}"><AssumeRoleResult>` +
        `<AssumedRoleUser><Arn>${session.arn}</Arn><AssumedRoleId>AROA${account}:${sessionName}</AssumedRoleId></AssumedRoleUser>` +
        `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${session.secretAccessKey}</SecretAccessKey>` +
        `<SessionToken>${session.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sendCallerIdentity(res: ServerResponse, arn: string) {
  const account = /::(\d{12}):/.exec(arn)?.[1] ?? '000000000000';
  sendXml(
    res,
    200,
    `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${arn}</Arn>` +
      `<UserId>AIDA${account}</UserId><Account>${account}</Account></GetCallerIdentityResult>` +
      `<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}

function sendError(res: ServerResponse, status: number, code: string, message: string) {
  sendXml(
    res,
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code>` +
      `<Message>${message}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  );
}

function sendXml(res: ServerResponse, status: number, xml: string) {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() });
  res.end(xml);
}

const requestId = () => randomBytes(16).toString('hex');

interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(value: string | undefined): Authorization | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      value ?? '',
    );
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  return {
    accessKeyId: accessKeyId!,
    date: date!,
    region: region!,
    service: service!,
    signedHeaders: signedHeaders!.split(';'),
    signature: signature!,
  };
}

/** SigV4 as documented: canonical request → string to sign → HMAC chain of the secret. */
function verifySignature(req: IncomingMessage, body: string, auth: Authorization, secret: string): boolean {
  const url = new URL(req.url ?? '/', 'http://fake');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join('&');
  const headers = auth.signedHeaders
    .map((name) => `${name}:${(header(req, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = header(req, 'x-amz-content-sha256') ?? sha256(body);
  const canonical = [
    req.method,
    url.pathname,
    query,
    headers,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', header(req, 'x-amz-date') ?? '', scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secret}`, auth.date);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  const expected = hmac(key, toSign);
  const given = Buffer.from(auth.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');
const encode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
