import { type Actor, auditDraft } from './connection-service.js';
import { AppError, connectionNotFound } from './errors.js';
import { type Component, type JsonObject, SCOPES, type Scope } from './model.js';
import type { Page, Store } from './ports.js';

export interface LinkComponentInput {
  name: string;
  kind: string;
  cloud: string;
  resource?: string;
  config?: JsonObject;
}

/** Components: consumers linked to a cloud connection by its tag (SPEC 1). */
export function createComponentService(deps: { store: Store; now?: () => Date }) {
  const { store } = deps;
  const notFound = (name: string) =>
    new AppError(
      'component_not_found',
      `component '${name}' does not exist; list components with GET /v1/components`,
    );

  return {
    async link(actor: Actor, input: LinkComponentInput): Promise<Component> {
      const workspaceId = actor.principal.workspaceId;
      if (!(SCOPES as readonly string[]).includes(input.kind)) {
        throw new AppError('invalid_scope', `kind must be one of ${SCOPES.join(', ')}`);
      }
      const connection = await store.connections.get(workspaceId, input.cloud);
      if (!connection) throw connectionNotFound(input.cloud);
      if (connection.kind !== 'cloud') {
        throw new AppError(
          'invalid_input',
          `'${input.cloud}' is a ${connection.type} task connection; components link to cloud connections`,
        );
      }
      if (connection.status !== 'active') {
        throw new AppError(
          'connection_not_active',
          `connection '${input.cloud}' is ${connection.status}; validate it (POST /v1/connections/${input.cloud}/validate) before linking`,
        );
      }
      if (!connection.scopes.includes(input.kind as Scope)) {
        throw new AppError(
          'scope_not_granted',
          `connection '${input.cloud}' does not grant '${input.kind}' (its scopes: ${connection.scopes.join(', ')}); add the scope with PATCH`,
        );
      }
      const component: Component = {
        workspaceId,
        name: input.name,
        kind: input.kind as Scope,
        cloud: input.cloud,
        resource: input.resource ?? '',
        config: input.config ?? {},
        createdAt: (deps.now?.() ?? new Date()).toISOString(),
      };
      await store.transaction(async (tx) => {
        if (!(await tx.components.insert(component))) {
          throw new AppError(
            'invalid_input',
            `component '${input.name}' already exists; choose another name`,
            {
              issues: [{ path: 'name', message: 'already exists' }],
            },
          );
        }
        await tx.audit.append([
          auditDraft(actor, 'component.link', input.cloud, { component: input.name, kind: input.kind }),
        ]);
      });
      return component;
    },

    async get(actor: Actor, name: string): Promise<Component> {
      const component = await store.components.get(actor.principal.workspaceId, name);
      if (!component) throw notFound(name);
      return component;
    },

    list(
      actor: Actor,
      filter: { cloud?: string; kind?: string; limit: number; cursor?: string },
    ): Promise<Page<Component>> {
      return store.components.list(actor.principal.workspaceId, filter);
    },

    async unlink(actor: Actor, name: string): Promise<void> {
      await store.transaction(async (tx) => {
        const component = await tx.components.get(actor.principal.workspaceId, name);
        if (!component || !(await tx.components.delete(actor.principal.workspaceId, name)))
          throw notFound(name);
        await tx.audit.append([auditDraft(actor, 'component.unlink', component.cloud, { component: name })]);
      });
    },
  };
}

export type ComponentService = ReturnType<typeof createComponentService>;
