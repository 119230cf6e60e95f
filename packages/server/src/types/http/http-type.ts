import type { CheckResult, TypeDescriptor } from '../../domain/type-descriptor.js';
import {
  json,
  objectSchema,
  oneOf,
  opt,
  type Static,
  seconds,
  secret,
  str,
  Type,
  target,
} from '../../task-kit/schema.js';
import { outcomeOf, runCheck } from '../../task-kit/task-support.js';
import { checkStatus, executeHttp } from './http-output.js';
import { sendHttpRequest } from './http-run.js';

const stringMap = (description: string, values: object, extra: object = {}) =>
  opt(json<Record<string, string>>({ type: 'object', additionalProperties: values, description, ...extra }));

const inputSchema = objectSchema({
  url: target('Absolute http:// or https:// URL', { format: 'uri', pattern: '^https?://' }),
  method: oneOf(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'], {
    default: 'GET',
    description: 'HTTP method',
  }),
  headers: stringMap('Request headers', { type: 'string' }),
  secret_headers: stringMap(
    'Headers that carry credentials (e.g. {"X-Api-Key": "…"}): stored encrypted, masked, sent only to the url\'s origin',
    { type: 'string', minLength: 3 },
    { 'x-secret': true },
  ),
  params: opt(
    json<Record<string, string | number | boolean>>({
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
      description: 'Query parameters',
    }),
  ),
  json: opt(json<unknown>({ description: 'JSON request body' })),
  body: opt(str('Raw request body')),
  bearer_token: opt(secret('Bearer token sent as Authorization header')),
  username: opt(str('User name for basic auth')),
  password: opt(secret('Password for basic auth')),
  expected_status_code: Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), {
    default: [200, 201, 202, 204],
    description: 'Status codes that count as success',
  }),
  connect_timeout: seconds('Seconds to wait for the connection', 10),
  read_timeout: seconds('Seconds to wait for the response', 30),
  max_redirects: Type.Integer({
    minimum: 0,
    maximum: 20,
    default: 10,
    description: 'Redirects to follow',
  }),
});

export type HttpInputs = Static<typeof inputSchema>;

/** An HTTP API endpoint. */
export const httpType: TypeDescriptor<typeof inputSchema> = {
  id: 'http',
  kind: 'task',
  displayName: 'HTTP request',
  shortName: 'HTTP',
  description: 'An HTTP(S) endpoint; connect sends the request and returns status, headers and body.',
  inputSchema,
  defaultScopes: [],
  commands: ['request'],
  async validate(inputs, ctx) {
    const checks: CheckResult[] = [];
    const resolved = await runCheck(checks, 'resolve', async () => {
      const host = new URL(inputs.url).hostname;
      return `${host} resolves to ${(await ctx.egress.check(host)).join(', ')}`;
    });
    if (!resolved) return outcomeOf(checks);
    let status = 0;
    const answered = await runCheck(checks, 'request', async () => {
      const response = await sendHttpRequest(inputs, ctx);
      status = response.status;
      return `${inputs.method} ${response.url} answered ${response.status}`;
    });
    if (answered) await runCheck(checks, 'status', async () => checkStatus(inputs, status));
    return outcomeOf(checks);
  },
  execute: executeHttp,
};
