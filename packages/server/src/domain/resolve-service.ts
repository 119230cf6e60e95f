import type { AuditLog } from './audit-log.js';
import { type Actor, auditDraft } from './connection-service.js';
import { AppError, connectionNotFound } from './errors.js';
import type { InputValidator } from './input-validation.js';
import {
  connectionLayer,
  defaultsLayer,
  type MergeLayer,
  type MergeState,
  maskInputs,
  mergeLayers,
  overrideLayer,
  secretFieldSet,
  vaultLayer,
} from './merge.js';
import { type Connection, type JsonObject, roleAtLeast } from './model.js';
import type { ConnectionRepository, SecretSealer, Store, VaultReader } from './ports.js';
import { type TypeDescriptor, type TypeRegistry, targetFieldsOf } from './type-descriptor.js';

export interface Resolution {
  tag: string;
  type: string;
  inputs: JsonObject;
  sources: Record<string, string>;
}

export interface PreparedInputs {
  connection: Connection;
  type: TypeDescriptor;
  state: MergeState;
}

export interface ResolveServiceDeps {
  store: Pick<Store, 'connections'>;
  /** short-lived reads for resolve and connect; validate always reads the store */
  cache?: Pick<ConnectionRepository, 'get'>;
  sealer: SecretSealer;
  types: TypeRegistry;
  validator: InputValidator;
  vault: VaultReader;
  auditLog: AuditLog;
}

/** SPEC 6: the three-layer merge, the target-override guard, masking and reveal. */
export function createResolveService(deps: ResolveServiceDeps) {
  const { store, sealer, types, validator } = deps;
  /**
   * The secret fields and first merge layer of a loaded connection, its secrets opened once. Reads
   * come from a short-lived cache that hands out the same object until it reloads, so repeated
   * calls skip the decryption; a changed connection is a new object.
   */
  const baseLayers = new WeakMap<Connection, { secretFields: Set<string>; layer: MergeLayer }>();
  /** The Vault layer, made again only when the Vault cache hands out another secret (it is frozen). */
  const vaultLayers = new WeakMap<Connection, { data: JsonObject; layer: MergeLayer }>();
  const vaultLayerOf = async (connection: Connection, type: TypeDescriptor): Promise<MergeLayer> => {
    const { path, version } = connection.vault!;
    const secret = await deps.vault.read(connection.workspaceId, path, version);
    const known = vaultLayers.get(connection);
    if (known?.data === secret.data) return known.layer;
    const layer = vaultLayer(type, connection.tag, { ...secret, path });
    vaultLayers.set(connection, { data: secret.data, layer });
    return layer;
  };
  const baseLayerOf = (connection: Connection, type: TypeDescriptor) => {
    let base = baseLayers.get(connection);
    if (!base) {
      const secretFields = secretFieldSet(type, connection);
      const secrets = connection.sealed
        ? sealer.open({ workspaceId: connection.workspaceId, tag: connection.tag }, connection.sealed)
        : {};
      base = { secretFields, layer: connectionLayer(connection, secrets, secretFields) };
      baseLayers.set(connection, base);
    }
    return base;
  };

  /**
   * Loads the connection and merges its inputs with the overrides. Refuses revoked connections and,
   * for callers below editor, overrides of target fields while the connection holds secrets.
   */
  async function prepare(
    actor: Actor,
    tag: string,
    overrides: JsonObject,
    options: { fresh?: boolean } = {},
  ): Promise<PreparedInputs> {
    const reader = options.fresh || !deps.cache ? store.connections : deps.cache;
    const connection = await reader.get(actor.principal.workspaceId, tag);
    if (!connection) throw connectionNotFound(tag);
    if (connection.status === 'revoked') {
      throw new AppError(
        'connection_revoked',
        `connection '${tag}' is revoked; an editor can switch it back on with POST /v1/connections/${tag}/restore`,
      );
    }
    const type = types.get(connection.type);
    const { secretFields, layer } = baseLayerOf(connection, type);
    const layers: MergeLayer[] = [layer];
    if (connection.vault) layers.push(await vaultLayerOf(connection, type));
    layers.push(overrideLayer(overrides, secretFields), defaultsLayer(type));
    const state = mergeLayers(tag, layers);
    guardTargetOverrides(actor, connection, type, state);
    validator.checkMerged(type, state.inputs, tag);
    return { connection, type, state };
  }

  /**
   * SPEC 6.2, judged on the merged result: a target field whose final value came from the override
   * layer is an override, however the body spelled it.
   */
  function guardTargetOverrides(actor: Actor, c: Connection, type: TypeDescriptor, state: MergeState) {
    if (roleAtLeast(actor.principal.role, 'editor')) return;
    const targets = targetFieldsOf(type.inputSchema);
    // the common call overrides no target: nothing else to look at
    if (!targets.some((f) => state.sources[f] === 'override')) return;
    const movesTarget = targets.filter((f) => state.sources[f] === 'override');
    const holdsSecrets =
      c.secretFields.length > 0 ||
      c.vault !== null ||
      Object.values(state.sources).some((s) => s === 'secret' || s.startsWith('vault:'));
    if (holdsSecrets) {
      throw new AppError(
        'override_forbidden',
        `overriding ${movesTarget.map((f) => `'${f}'`).join(', ')} of '${c.tag}' would send its secrets elsewhere; only an editor may do that — ask one, or create a separate connection`,
        { fields: movesTarget },
      );
    }
  }

  return {
    prepare,

    async resolve(
      actor: Actor,
      tag: string,
      body: { inputs?: JsonObject; reveal?: boolean },
    ): Promise<Resolution> {
      const reveal = body.reveal === true;
      if (reveal && !actor.principal.reveal) {
        throw new AppError(
          'forbidden',
          'this token may not reveal secrets; resolve without reveal, or ask an admin for a token with reveal',
        );
      }
      const overrides = body.inputs ?? {};
      const { connection, state } = await prepare(actor, tag, overrides);
      await deps.auditLog.record(
        // keys in sorted order: the event's hash then needs no sort (canonicalJson)
        auditDraft(actor, 'connection.resolve', tag, { overrides: Object.keys(overrides), revealed: reveal }),
      );
      return {
        tag,
        type: connection.type,
        inputs: reveal ? state.inputs : maskInputs(state),
        sources: state.sources,
      };
    },
  };
}

export type ResolveService = ReturnType<typeof createResolveService>;
