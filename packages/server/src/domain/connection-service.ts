import { AppError, connectionNotFound } from './errors.js';
import type { InputValidator } from './input-validation.js';
import {
  type AuditDraft,
  type Connection,
  type JsonObject,
  type Principal,
  SCOPES,
  type Scope,
  type SealedSecrets,
  type Status,
} from './model.js';
import type { ConnectionFilter, Page, SecretSealer, Store } from './ports.js';
import {
  applyCredentials,
  applyValuePatch,
  type InputChange,
  nextSecretFields,
  refuseUnsafeSecrets,
  splitCreateInputs,
} from './stored-inputs.js';
import type { TypeDescriptor, TypeRegistry, TypeSettings } from './type-descriptor.js';

/** Who asks, for permission checks and the audit log. */
export interface Actor {
  principal: Principal;
  requestId: string;
}

export interface CreateConnectionInput {
  tag: string;
  type: string;
  display_name?: string;
  description?: string;
  scopes?: string[];
  value?: JsonObject;
  secrets?: JsonObject;
}

export interface UpdateConnectionInput {
  display_name?: string;
  description?: string;
  scopes?: string[];
  value?: JsonObject;
}

export interface ConnectionServiceDeps {
  store: Store;
  sealer: SecretSealer;
  types: TypeRegistry;
  validator: InputValidator;
  /** the settings of one type, read at start: each type's `setup` gets only its own */
  settingsOf(typeId: string): TypeSettings;
  /**
   * Checks an attach path (and pinned version) against the workspace's Vault configuration; throws
   * `vault_not_configured` without one, `invalid_input` for a path that cannot name a secret or a
   * version on a KV v1 mount.
   */
  checkVaultPath(workspaceId: string, path: string, version?: number): Promise<void>;
  /** called after a change, so caches (pools, Vault) can forget the connection */
  onChange?(workspaceId: string, tag: string): void;
  now?: () => Date;
}

export const actorName = (p: Principal) => `token:${p.tokenId} (${p.tokenName})`;

export function auditDraft(
  actor: Actor,
  action: string,
  tag: string | null,
  details: JsonObject = {},
): AuditDraft {
  return {
    workspaceId: actor.principal.workspaceId,
    actor: actorName(actor.principal),
    action,
    tag,
    outcome: 'success',
    requestId: actor.requestId,
    details,
  };
}

/** The status after a change of inputs: pending while a required input has no value. */
function inputStatus(
  type: TypeDescriptor,
  validator: InputValidator,
  value: JsonObject,
  secretFields: string[],
): Status {
  const present = { ...value, ...Object.fromEntries(secretFields.map((f) => [f, true])) };
  return validator.missingRequired(type, present).length > 0 ? 'pending' : 'unverified';
}

function checkScopes(type: TypeDescriptor, scopes: string[] | undefined): Scope[] {
  if (type.kind === 'task') {
    if (scopes && scopes.length > 0) {
      throw new AppError(
        'invalid_scope',
        `type '${type.id}' is a task type and takes no scopes; remove scopes (they apply to cloud connections)`,
      );
    }
    return [];
  }
  if (scopes === undefined) return [...type.defaultScopes];
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new AppError(
      'invalid_scope',
      `scopes must be a non-empty subset of ${SCOPES.join(', ')}${unknown.length ? `; '${unknown.join("', '")}' is not a scope` : ''}`,
    );
  }
  return [...new Set(scopes)] as Scope[];
}

/** Create, read, change and remove connections (SPEC 1, 2, 4). Every change is audited in its transaction. */
export function createConnectionService(deps: ConnectionServiceDeps) {
  const { store, sealer, types, validator } = deps;
  const now = () => (deps.now?.() ?? new Date()).toISOString();

  const load = async (workspaceId: string, tag: string): Promise<Connection> => {
    const connection = await store.connections.get(workspaceId, tag);
    if (!connection) throw connectionNotFound(tag);
    return connection;
  };

  const sealChange = (c: Connection, change: InputChange): SealedSecrets | null => {
    const kept = Object.fromEntries(
      Object.entries(c.sealed?.fields ?? {}).filter(
        ([f]) => !change.dropSecrets.includes(f) && !(f in change.setSecrets),
      ),
    );
    if (Object.keys(change.setSecrets).length === 0) {
      return Object.keys(kept).length === 0 || !c.sealed ? null : { ...c.sealed, fields: kept };
    }
    const sealed = sealer.seal({ workspaceId: c.workspaceId, tag: c.tag }, change.setSecrets, c.sealed);
    return { ...sealed, fields: { ...kept, ...sealed.fields } };
  };

  /** Applies an input change: validates, re-seals, recomputes the status (SPEC 1.1). */
  const withInputs = (c: Connection, type: TypeDescriptor, change: InputChange): Connection => {
    refuseUnsafeSecrets(change.setSecrets, c.tag);
    validator.checkStored(type, { ...change.value, ...change.setSecrets }, c.tag);
    const secretFields = nextSecretFields(c.secretFields, change);
    return {
      ...c,
      value: change.value,
      secretFields,
      sealed: sealChange(c, change),
      status: c.status === 'revoked' ? 'revoked' : inputStatus(type, validator, change.value, secretFields),
      statusMessage: c.status === 'revoked' ? c.statusMessage : null,
    };
  };

  /**
   * Read-modify-write with compare-and-set. With `ifMatch` a lost race is `412`; without, it retries.
   */
  const mutate = async (
    actor: Actor,
    tag: string,
    ifMatch: number | undefined,
    action: string,
    change: (c: Connection, type: TypeDescriptor) => Connection | Promise<Connection>,
    details: (c: Connection) => JsonObject = () => ({}),
  ): Promise<Connection> => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const current = await load(actor.principal.workspaceId, tag);
      if (ifMatch !== undefined && ifMatch !== current.version)
        throw versionMismatch(tag, ifMatch, current.version);
      const changed = await change(current, types.get(current.type));
      const next = { ...changed, version: current.version + 1, updatedAt: now() };
      const won = await store.transaction(async (tx) => {
        if (!(await tx.connections.update(next, current.version))) return false;
        await tx.audit.append([auditDraft(actor, action, tag, { version: next.version, ...details(next) })]);
        return true;
      });
      if (won) {
        deps.onChange?.(next.workspaceId, tag);
        return next;
      }
      if (ifMatch !== undefined) throw versionMismatch(tag, ifMatch, current.version + 1);
    }
    throw new AppError('version_mismatch', `connection '${tag}' is changing too often right now; try again`);
  };

  return {
    load,
    mutate,

    async get(actor: Actor, tag: string): Promise<Connection> {
      return load(actor.principal.workspaceId, tag);
    },

    async list(actor: Actor, filter: ConnectionFilter): Promise<Page<Connection>> {
      return store.connections.list(actor.principal.workspaceId, filter);
    },

    async create(actor: Actor, input: CreateConnectionInput): Promise<Connection> {
      const type = types.get(input.type);
      const scopes = checkScopes(type, input.scopes);
      const at = now();
      const base: Connection = {
        workspaceId: actor.principal.workspaceId,
        tag: input.tag,
        type: type.id,
        kind: type.kind,
        displayName: input.display_name?.trim() || input.tag,
        description: input.description ?? '',
        scopes,
        value: {},
        secretFields: [],
        sealed: null,
        vault: null,
        status: 'pending',
        statusMessage: null,
        version: 1,
        accountIdentifier: null,
        setup: null,
        createdAt: at,
        updatedAt: at,
        lastValidatedAt: null,
        lastChecks: null,
      };
      const change = splitCreateInputs(type, input.tag, input.value ?? {}, input.secrets ?? {});
      const connection = withInputs(base, type, change);
      if (type.setup) {
        connection.setup = await type.setup({
          workspaceId: base.workspaceId,
          tag: base.tag,
          settings: deps.settingsOf(type.id),
        });
      }
      await store.transaction(async (tx) => {
        await tx.connections.insert(connection);
        await tx.audit.append([
          auditDraft(actor, 'connection.create', input.tag, {
            type: type.id,
            secret_fields: connection.secretFields,
          }),
        ]);
      });
      return connection;
    },

    async update(
      actor: Actor,
      tag: string,
      input: UpdateConnectionInput,
      ifMatch?: number,
    ): Promise<Connection> {
      return mutate(
        actor,
        tag,
        ifMatch,
        'connection.update',
        async (c, type) => {
          let next: Connection = { ...c };
          if (input.display_name !== undefined) next.displayName = input.display_name.trim() || c.tag;
          if (input.description !== undefined) next.description = input.description;
          if (input.scopes !== undefined) {
            next.scopes = checkScopes(type, input.scopes);
            await assertScopesFree(actor, c, next.scopes);
          }
          if (input.value !== undefined) next = withInputs(next, type, applyValuePatch(type, c, input.value));
          return next;
        },
        () => ({ fields: Object.keys(input), value_keys: Object.keys(input.value ?? {}) }),
      );
    },

    async complete(actor: Actor, tag: string, inputs: JsonObject): Promise<Connection> {
      return mutate(
        actor,
        tag,
        undefined,
        'connection.complete',
        (c, type) => withInputs(c, type, applyCredentials(type, c, inputs)),
        () => ({ fields: Object.keys(inputs) }),
      );
    },

    async attachVault(actor: Actor, tag: string, path: string, version?: number): Promise<Connection> {
      await deps.checkVaultPath(actor.principal.workspaceId, path, version);
      const vault = version === undefined ? { path } : { path, version };
      return mutate(
        actor,
        tag,
        undefined,
        'connection.vault_attach',
        (c, type) => ({
          ...withInputs(c, type, { value: c.value, setSecrets: {}, dropSecrets: [] }),
          vault,
        }),
        () => ({ ...vault }),
      );
    },

    async detachVault(actor: Actor, tag: string): Promise<Connection> {
      return mutate(actor, tag, undefined, 'connection.vault_detach', (c, type) => ({
        ...withInputs(c, type, { value: c.value, setSecrets: {}, dropSecrets: [] }),
        vault: null,
      }));
    },

    async revoke(actor: Actor, tag: string): Promise<Connection> {
      return mutate(actor, tag, undefined, 'connection.revoke', (c) => ({ ...c, status: 'revoked' }));
    },

    async restore(actor: Actor, tag: string): Promise<Connection> {
      return mutate(actor, tag, undefined, 'connection.restore', (c, type) => ({
        ...c,
        status: inputStatus(type, validator, c.value, c.secretFields),
        statusMessage: null,
      }));
    },

    async delete(actor: Actor, tag: string, force: boolean): Promise<void> {
      const workspaceId = actor.principal.workspaceId;
      await load(workspaceId, tag);
      await store.transaction(async (tx) => {
        const linked = await tx.components.countByCloud(workspaceId, tag);
        if (linked > 0 && !force) {
          throw new AppError(
            'connection_in_use',
            `connection '${tag}' has ${linked} linked component(s); unlink them (DELETE /v1/components/{name}) or delete with ?force=true`,
            { components: linked },
          );
        }
        const unlinked = linked > 0 ? await tx.components.deleteByCloud(workspaceId, tag) : 0;
        if (!(await tx.connections.delete(workspaceId, tag))) throw connectionNotFound(tag);
        await tx.audit.append([
          auditDraft(actor, 'connection.delete', tag, { force, unlinked_components: unlinked }),
        ]);
      });
      deps.onChange?.(workspaceId, tag);
    },
  };

  async function assertScopesFree(actor: Actor, c: Connection, scopes: Scope[]) {
    const removed = c.scopes.filter((s) => !scopes.includes(s));
    if (removed.length === 0) return;
    const linked = await store.components.list(actor.principal.workspaceId, { cloud: c.tag, limit: 500 });
    const blocking = linked.items.filter((comp) => removed.includes(comp.kind));
    if (blocking.length > 0) {
      throw new AppError(
        'connection_in_use',
        `scope(s) ${removed.join(', ')} are used by component(s) ${blocking.map((b) => b.name).join(', ')}; unlink them first`,
      );
    }
  }
}

export type ConnectionService = ReturnType<typeof createConnectionService>;

function versionMismatch(tag: string, expected: number, actual: number): AppError {
  return new AppError(
    'version_mismatch',
    `connection '${tag}' is at version ${actual}, not ${expected}; fetch it again (GET /v1/connections/${tag}) and retry with its ETag`,
    { expected, actual },
  );
}
