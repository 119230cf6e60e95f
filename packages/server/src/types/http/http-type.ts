import type { CheckResult, TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, seconds, secret, str, target } from '../../task-kit/schema.js';
import { outcomeOf, runCheck } from '../../task-kit/task-support.js';
import { checkStatus, executeHttp } from './http-output.js';
import { type HttpInputs, sendHttpRequest } from './http-run.js';

/** An HTTP API endpoint. */
export const httpType: TypeDescriptor = {
  id: 'http',
  kind: 'task',
  displayName: 'HTTP request',
  description: 'An HTTP(S) endpoint; connect sends the request and returns status, headers and body.',
  inputSchema: objectSchema(
    {
      url: target('Absolute http:// or https:// URL', { format: 'uri', pattern: '^https?://' }),
      method: {
        type: 'string',
        enum: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        default: 'GET',
        description: 'HTTP method',
      },
      headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Request headers' },
      secret_headers: {
        type: 'object',
        additionalProperties: { type: 'string', minLength: 3 },
        description:
          'Headers that carry credentials (e.g. {"X-Api-Key": "…"}): stored encrypted, masked, sent only to the url\'s origin',
        'x-secret': true,
      },
      params: {
        type: 'object',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
        description: 'Query parameters',
      },
      json: { description: 'JSON request body' },
      body: str('Raw request body'),
      bearer_token: secret('Bearer token sent as Authorization header'),
      username: str('User name for basic auth'),
      password: secret('Password for basic auth'),
      expected_status_code: {
        type: 'array',
        items: { type: 'integer', minimum: 100, maximum: 599 },
        default: [200, 201, 202, 204],
        description: 'Status codes that count as success',
      },
      connect_timeout: seconds('Seconds to wait for the connection', 10),
      read_timeout: seconds('Seconds to wait for the response', 30),
      max_redirects: {
        type: 'integer',
        minimum: 0,
        maximum: 20,
        default: 10,
        description: 'Redirects to follow',
      },
    },
    ['url'],
  ),
  defaultScopes: [],
  commands: ['request'],
  async validate(raw, ctx) {
    const inputs = raw as unknown as HttpInputs;
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
  execute: (inputs, ctx) => executeHttp(inputs as unknown as HttpInputs, ctx),
};
