import { Type } from '@sinclair/typebox';
import { verifyWorkspaceAudit } from '../../domain/maintenance.js';
import { TAG_PATTERN } from '../../domain/model.js';
import type { App } from '../app.js';
import { actorOf } from '../auth.js';
import {
  AuditEventResponse,
  Limit,
  pageOf,
  Role,
  TokenResponse,
  toAuditEventResponse,
  toTokenResponse,
  toWorkspaceResponse,
  WorkspaceResponse,
} from '../wire.js';
import type { Services } from './services.js';

/** Tokens, workspaces and the audit log: the admin's resources. */
export function adminRoutes(app: App, s: Services) {
  app.post(
    '/v1/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; its secret is in the answer, once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            role: Role,
            reveal: Type.Optional(Type.Boolean()),
            expires_in_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 10 * 365 * 86400 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(TokenResponse) },
      },
    },
    async (request, reply) => {
      const token = await s.auth.createToken(actorOf(request), request.body);
      return reply.code(201).send(toTokenResponse(token, token.secret));
    },
  );

  app.get(
    '/v1/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: "List the workspace's tokens",
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(TokenResponse)) }) },
      },
    },
    async (request) => ({
      items: (await s.auth.listTokens(actorOf(request))).map((t) => toTokenResponse(t)),
    }),
  );

  app.delete(
    '/v1/tokens/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await s.auth.revokeToken(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/workspaces',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['workspaces'],
        summary: 'Create a workspace and its first admin token (admins of default only)',
        body: Type.Object({ name: Type.String({ pattern: TAG_PATTERN }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ workspace: Type.Ref(WorkspaceResponse), token: Type.Ref(TokenResponse) }),
        },
      },
    },
    async (request, reply) => {
      const { workspace, token } = await s.auth.createWorkspace(actorOf(request), request.body.name);
      return reply
        .code(201)
        .send({ workspace: toWorkspaceResponse(workspace), token: toTokenResponse(token, token.secret) });
    },
  );

  app.get(
    '/v1/workspaces',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['workspaces'],
        summary: 'List workspaces (admins of default only)',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(WorkspaceResponse)) }) },
      },
    },
    async (request) => ({ items: (await s.auth.listWorkspaces(actorOf(request))).map(toWorkspaceResponse) }),
  );

  app.get(
    '/v1/audit',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: Type.Object(
          {
            tag: Type.Optional(Type.String({ maxLength: 64 })),
            action: Type.Optional(Type.String({ maxLength: 64 })),
            limit: Type.Optional(Limit),
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(Type.Ref(AuditEventResponse)) },
      },
    },
    async (request) => {
      const { limit = 50, ...filter } = request.query;
      const page = await s.store.audit.list(actorOf(request).principal.workspaceId, { ...filter, limit });
      return { items: page.items.map(toAuditEventResponse), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/audit/verify',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        summary: "Verify the workspace's audit hash chain",
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            count: Type.Optional(Type.Integer()),
            seq: Type.Optional(Type.Integer()),
            reason: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async (request) => verifyWorkspaceAudit(s.store, actorOf(request).principal.workspaceId),
  );
}
