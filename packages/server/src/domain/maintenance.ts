import { type ChainVerification, GENESIS_HASH, verifyAuditChain } from './audit-chain.js';
import type { SecretSealer, Store } from './ports.js';

/** Verifies a workspace's whole audit chain, a batch at a time. */
export async function verifyWorkspaceAudit(
  store: Pick<Store, 'audit'>,
  workspaceId: string,
  batch = 1000,
): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let afterSeq = 0;
  let count = 0;
  for (;;) {
    const events = await store.audit.scan(workspaceId, afterSeq, batch);
    if (events.length === 0) return { ok: true, count };
    const result = verifyAuditChain(events, prevHash, afterSeq);
    if (!result.ok) return result;
    count += events.length;
    const last = events[events.length - 1]!;
    prevHash = last.hash;
    afterSeq = last.seq;
  }
}

/**
 * Re-wraps every data key with the sealer's active master key (SPEC 7 rotation). Rows are changed
 * one at a time with compare-and-set, so servers keep serving and writing throughout; a row that
 * changed underneath is simply picked up again by the next pass.
 */
export async function rewrapAllSecrets(
  store: Pick<Store, 'connections' | 'vaultConfigs'>,
  sealer: Pick<SecretSealer, 'activeKeyId' | 'rewrap'>,
  batch = 200,
): Promise<{ rewrapped: number }> {
  let rewrapped = 0;
  for (;;) {
    const active = sealer.activeKeyId;
    const connections = await store.connections.listWrappedByOtherKey(active, batch);
    const configs = await store.vaultConfigs.listWrappedByOtherKey(active, batch);
    if (connections.length === 0 && configs.length === 0) return { rewrapped };
    for (const c of connections) {
      if (!c.sealed) continue;
      if (await store.connections.rewrap({ ...c, sealed: sealer.rewrap(c.sealed) }, c.sealed.keyId))
        rewrapped++;
    }
    for (const r of configs) {
      if (!r.sealed) continue;
      if (await store.vaultConfigs.rewrap({ ...r, sealed: sealer.rewrap(r.sealed) }, r.sealed.keyId))
        rewrapped++;
    }
  }
}
