import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { type Connection, STATUSES } from '../../domain/model.js';
import type { App } from '../app.js';
import { actorOf } from '../auth.js';
import {
  AnyObject,
  Check,
  ConnectionResponse,
  ExecutionResponse,
  Limit,
  Nullable,
  pageOf,
  ScopeList,
  Tag,
  TagParam,
  toConnectionResponse,
  toExecutionResponse,
  writtenAsIs,
} from '../wire.js';
import type { Services } from './services.js';

const Ref = Type.Ref(ConnectionResponse);
const tags = ['connections'];
const Text = (max: number) => Type.String({ maxLength: max });

const CreateBody = Type.Object(
  {
    tag: Tag,
    type: Type.String({ minLength: 1, maxLength: 64 }),
    display_name: Type.Optional(Text(200)),
    description: Type.Optional(Text(4000)),
    scopes: Type.Optional(ScopeList),
    value: Type.Optional(AnyObject),
    secrets: Type.Optional(AnyObject),
  },
  { additionalProperties: false },
);

const PatchBody = Type.Object(
  {
    display_name: Type.Optional(Text(200)),
    description: Type.Optional(Text(4000)),
    scopes: Type.Optional(ScopeList),
    value: Type.Optional(AnyObject),
    tag: Type.Optional(Type.Unknown({ description: 'immutable: sending it is 422 immutable_field' })),
    type: Type.Optional(Type.Unknown({ description: 'immutable: sending it is 422 immutable_field' })),
    kind: Type.Optional(Type.Unknown({ description: 'immutable: sending it is 422 immutable_field' })),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(Type.Union([Type.Literal('task'), Type.Literal('cloud')])),
    status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ValidationResponse = Type.Object(
  {
    valid: Type.Boolean(),
    status: Type.String(),
    message: Nullable(Type.String()),
    account_identifier: Nullable(Type.String()),
    checks: Type.Array(Check),
  },
  { $id: 'Validation' },
);

const ResolutionResponse = Type.Object(
  {
    tag: Type.String(),
    type: Type.String(),
    inputs: AnyObject,
    sources: Type.Record(Type.String(), Type.String()),
  },
  { $id: 'Resolution' },
);

/** `If-Match: "3"` (or W/"3", or 3) → 3. Anything else can never match. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header.trim());
  if (!match) {
    throw new AppError(
      'version_mismatch',
      `If-Match '${header}' is not a version ETag such as "3"; use the ETag from GET`,
    );
  }
  return Number(match[1]);
}

const sendConnection = (reply: FastifyReply, c: Connection, code = 200) =>
  reply.code(code).header('etag', `"${c.version}"`).send(toConnectionResponse(c));

export function connectionsRoutes(app: App, s: Services) {
  app.addSchema(ConnectionResponse);
  app.addSchema(ValidationResponse);
  app.addSchema(ResolutionResponse);
  const one = (summary: string) => ({ tags, summary, params: TagParam, response: { 200: Ref } });

  app.post(
    '/v1/connections',
    {
      config: { role: 'editor' },
      schema: { tags, summary: 'Create a connection', body: CreateBody, response: { 201: Ref } },
    },
    async (request, reply) =>
      sendConnection(reply, await s.connections.create(actorOf(request), request.body), 201),
  );

  app.get(
    '/v1/connections',
    {
      config: { role: 'viewer' },
      schema: { tags, summary: 'List connections', querystring: ListQuery, response: { 200: pageOf(Ref) } },
    },
    async (request) => {
      const { limit = 50, ...filter } = request.query;
      const page = await s.connections.list(actorOf(request), { ...filter, limit });
      return { items: page.items.map(toConnectionResponse), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/connections/:tag',
    { config: { role: 'viewer' }, schema: one('Fetch a connection') },
    async (request, reply) =>
      sendConnection(reply, await s.connections.get(actorOf(request), request.params.tag)),
  );

  app.patch(
    '/v1/connections/:tag',
    {
      config: { role: 'editor' },
      schema: {
        ...one('Update metadata or value (JSON merge patch); honours If-Match'),
        body: PatchBody,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
      },
    },
    async (request, reply) => {
      const { tag: _t, type: _ty, kind: _k, ...changes } = request.body;
      const immutable = ['tag', 'type', 'kind'].filter((f) => f in request.body);
      if (immutable.length > 0) {
        throw new AppError(
          'immutable_field',
          `${immutable.join(', ')} cannot change after creation; create a new connection instead`,
          { fields: immutable },
        );
      }
      const ifMatch = parseIfMatch(request.headers['if-match']);
      return sendConnection(
        reply,
        await s.connections.update(actorOf(request), request.params.tag, changes, ifMatch),
      );
    },
  );

  app.put(
    '/v1/connections/:tag/credentials',
    {
      config: { role: 'editor' },
      schema: { ...one('Complete: set inputs; a blank secret keeps the stored one'), body: AnyObject },
    },
    async (request, reply) =>
      sendConnection(reply, await s.connections.complete(actorOf(request), request.params.tag, request.body)),
  );

  app.post(
    '/v1/connections/:tag/validate',
    {
      config: { role: 'editor' },
      schema: {
        tags,
        summary: 'Test against the real system and activate',
        params: TagParam,
        response: { 200: Type.Ref(ValidationResponse) },
      },
    },
    async (request) => s.runner.validate(actorOf(request), request.params.tag),
  );

  app.put(
    '/v1/connections/:tag/vault',
    {
      config: { role: 'editor' },
      schema: {
        ...one('Attach a Vault secret'),
        body: Type.Object(
          {
            path: Type.String({ minLength: 1, maxLength: 500 }),
            version: Type.Optional(
              Type.Integer({ minimum: 1, description: 'pins a KV v2 version; default the latest' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      sendConnection(
        reply,
        await s.connections.attachVault(
          actorOf(request),
          request.params.tag,
          request.body.path.trim(),
          request.body.version,
        ),
      ),
  );

  app.delete(
    '/v1/connections/:tag/vault',
    { config: { role: 'editor' }, schema: one('Detach the Vault secret') },
    async (request, reply) =>
      sendConnection(reply, await s.connections.detachVault(actorOf(request), request.params.tag)),
  );

  app.post(
    '/v1/connections/:tag/resolve',
    {
      config: { role: 'runner' },
      schema: {
        tags,
        summary: 'Merged inputs with their sources; secrets masked unless reveal',
        params: TagParam,
        body: Type.Optional(
          Type.Object(
            { inputs: Type.Optional(AnyObject), reveal: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Type.Ref(ResolutionResponse) },
      },
      ...writtenAsIs,
    },
    async (request) => s.resolver.resolve(actorOf(request), request.params.tag, request.body ?? {}),
  );

  app.post(
    '/v1/connections/:tag/connect',
    {
      config: { role: 'runner' },
      schema: {
        tags,
        summary: 'Run the task with the merged inputs; 200 also when the task failed',
        params: TagParam,
        body: Type.Optional(
          Type.Object(
            { inputs: Type.Optional(AnyObject), timeout_ms: Type.Optional(Type.Integer({ minimum: 1 })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Type.Ref(ExecutionResponse) },
      },
      ...writtenAsIs,
    },
    async (request) =>
      toExecutionResponse(await s.runner.connect(actorOf(request), request.params.tag, request.body ?? {})),
  );

  for (const action of ['revoke', 'restore'] as const) {
    app.post(
      `/v1/connections/:tag/${action}`,
      { config: { role: 'editor' }, schema: one(action === 'revoke' ? 'Switch off' : 'Switch back on') },
      async (request, reply) =>
        sendConnection(reply, await s.connections[action](actorOf(request), request.params.tag)),
    );
  }

  app.delete(
    '/v1/connections/:tag',
    {
      config: { role: 'editor' },
      schema: {
        tags,
        summary: 'Delete; ?force=true unlinks components',
        params: TagParam,
        querystring: Type.Object({ force: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await s.connections.delete(actorOf(request), request.params.tag, request.query.force === true);
      return reply.code(204).send(null);
    },
  );
}
