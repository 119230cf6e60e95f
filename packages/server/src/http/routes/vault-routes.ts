import { Type } from '@sinclair/typebox';
import { auditDraft } from '../../domain/connection-service.js';
import type { VaultConfigInput } from '../../secrets/vault/vault-settings.js';
import type { App } from '../app.js';
import { actorOf } from '../auth.js';
import { Nullable } from '../wire.js';
import type { Services } from './services.js';

const tags = ['vault'];
const Blankable = Type.Optional(Nullable(Type.String({ maxLength: 4096 })));

const VaultConfigBody = Type.Object(
  {
    address: Type.String({ minLength: 1, maxLength: 500 }),
    auth: Type.Union([
      Type.Object({ method: Type.Literal('token'), token: Blankable }, { additionalProperties: false }),
      Type.Object(
        {
          method: Type.Literal('approle'),
          role_id: Type.String({ minLength: 1, maxLength: 200 }),
          secret_id: Blankable,
        },
        { additionalProperties: false },
      ),
    ]),
    namespace: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    mount: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kv_version: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
    ca_cert: Type.Optional(Nullable(Type.String({ maxLength: 65536 }))),
    cache_ttl_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 120000 })),
  },
  { additionalProperties: false },
);

const VaultConfigResponse = Type.Object(
  {
    address: Type.String(),
    namespace: Nullable(Type.String()),
    mount: Type.String(),
    kv_version: Type.Integer(),
    ca_cert: Nullable(Type.String()),
    cache_ttl_seconds: Type.Integer(),
    timeout_ms: Type.Integer(),
    auth: Type.Union([
      Type.Object({ method: Type.Literal('token'), token_set: Type.Boolean() }),
      Type.Object({ method: Type.Literal('approle'), role_id: Type.String(), secret_id_set: Type.Boolean() }),
    ]),
    version: Type.Integer(),
    updated_at: Type.String(),
  },
  { $id: 'VaultConfig' },
);

const VaultCheckResponse = Type.Object(
  {
    reachable: Type.Boolean(),
    initialized: Type.Boolean(),
    sealed: Type.Boolean(),
    authenticated: Type.Boolean(),
    version: Type.Optional(Type.String()),
    message: Type.String(),
    reason: Type.Optional(Type.String()),
  },
  { $id: 'VaultCheck' },
);

/** The workspace's Vault integration (SPEC 5). Secret parts are write-only. */
export function vaultRoutes(app: App, s: Services) {
  app.addSchema(VaultConfigResponse);
  app.addSchema(VaultCheckResponse);

  app.get(
    '/v1/vault',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: "The workspace's Vault configuration (secrets shown only as set)",
        response: { 200: Nullable(Type.Ref(VaultConfigResponse)) },
      },
    },
    async (request) => s.vault.getConfig(actorOf(request).principal.workspaceId),
  );

  app.put(
    '/v1/vault',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Configure Vault; a blank token/secret_id keeps the stored one',
        body: VaultConfigBody,
        response: { 200: Type.Ref(VaultConfigResponse) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const view = await s.vault.configure(actor.principal.workspaceId, request.body as VaultConfigInput);
      await s.auditLog.record(
        auditDraft(actor, 'vault.configure', null, {
          address: view.address,
          auth_method: view.auth.method,
          version: view.version,
        }),
      );
      return view;
    },
  );

  app.post(
    '/v1/vault/check',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Reachability, seal state and authentication of the configured Vault',
        response: { 200: Type.Ref(VaultCheckResponse) },
      },
    },
    async (request) => s.vault.check(actorOf(request).principal.workspaceId),
  );
}
