import { Type } from '@sinclair/typebox';
import { AppError } from '../../domain/errors.js';
import { TAG_PATTERN } from '../../domain/model.js';
import type { App } from '../app.js';
import { actorOf } from '../auth.js';
import {
  AnyObject,
  ComponentResponse,
  ExecutionResponse,
  Limit,
  pageOf,
  toComponentResponse,
  toExecutionResponse,
} from '../wire.js';
import type { Services } from './services.js';

const PageQuery = {
  limit: Type.Optional(Limit),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

/** Execution records and components. */
export function executionsRoutes(app: App, s: Services) {
  app.get(
    '/v1/executions',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['executions'],
        summary: 'Execution records, newest first',
        querystring: Type.Object(
          { tag: Type.Optional(Type.String({ maxLength: 64 })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(Type.Ref(ExecutionResponse)) },
      },
    },
    async (request) => {
      const { limit = 50, ...filter } = request.query;
      const { principal } = actorOf(request);
      const page = await s.store.executions.list(principal.workspaceId, { ...filter, limit });
      return {
        items: page.items.map((e) => toExecutionResponse(e, principal.role)),
        next_cursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/v1/executions/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['executions'],
        summary: 'One execution record',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref(ExecutionResponse) },
      },
    },
    async (request) => {
      const { principal } = actorOf(request);
      const execution = await s.store.executions.get(principal.workspaceId, request.params.id);
      if (!execution) {
        throw new AppError(
          'execution_not_found',
          `execution '${request.params.id}' does not exist; list them with GET /v1/executions`,
        );
      }
      return toExecutionResponse(execution, principal.role);
    },
  );

  app.post(
    '/v1/components',
    {
      config: { role: 'editor' },
      schema: {
        tags: ['components'],
        summary: 'Link a component to an active cloud connection',
        body: Type.Object(
          {
            name: Type.String({ pattern: TAG_PATTERN }),
            kind: Type.String({ maxLength: 32 }),
            cloud: Type.String({ pattern: TAG_PATTERN }),
            resource: Type.Optional(Type.String({ maxLength: 1000 })),
            config: Type.Optional(AnyObject),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(ComponentResponse) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toComponentResponse(await s.components.link(actorOf(request), request.body))),
  );

  app.get(
    '/v1/components',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['components'],
        summary: 'List components',
        querystring: Type.Object(
          {
            cloud: Type.Optional(Type.String({ maxLength: 64 })),
            kind: Type.Optional(Type.String({ maxLength: 32 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(Type.Ref(ComponentResponse)) },
      },
    },
    async (request) => {
      const { limit = 50, ...filter } = request.query;
      const page = await s.components.list(actorOf(request), { ...filter, limit });
      return { items: page.items.map(toComponentResponse), next_cursor: page.nextCursor };
    },
  );

  const NameParam = Type.Object({ name: Type.String({ maxLength: 64 }) });
  app.get(
    '/v1/components/:name',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['components'],
        summary: 'One component',
        params: NameParam,
        response: { 200: Type.Ref(ComponentResponse) },
      },
    },
    async (request) => toComponentResponse(await s.components.get(actorOf(request), request.params.name)),
  );

  app.delete(
    '/v1/components/:name',
    {
      config: { role: 'editor' },
      schema: {
        tags: ['components'],
        summary: 'Unlink a component',
        params: NameParam,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await s.components.unlink(actorOf(request), request.params.name);
      return reply.code(204).send(null);
    },
  );
}
