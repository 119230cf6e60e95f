/**
 * The Vaults the Vault suites run against, the way the store suites run on every database:
 *
 *   for (const kind of VAULTS) describe(`${kind.name}: vault client`, () => { … vault = await kind.start() … })
 *
 * `fake` is the test server of `test/fakes/vault-fake.ts`; `openbao` is a real OpenBao dev server
 * (`test/support/openbao.ts`), left out with a warning when its binary is missing (a failure under CI).
 * Both offer the same seeding API and the same mounts: `secret/` (KV v2), `kv/` (KV v1) and
 * `team/apps/` (KV v2, a mount with a `/` in its name). Cases that need a fault only the fake can
 * inject use `vault.fake`; cases that only a real server can show use `vault.bao`.
 */
import { startVaultFake } from '../fakes/vault-fake.js';
import { OPENBAO_AVAILABLE } from './openbao.js';
import { closeSharedOpenBao, startOpenBaoVault } from './openbao-vault.js';
import { TEST_MOUNTS, type TestVault } from './test-vault.js';

export type { TestVault, TestVaultAppRole, TestVaultTokenOptions } from './test-vault.js';
export { apiPathOf, TEST_MOUNTS } from './test-vault.js';

export interface VaultKind {
  name: 'fake' | 'openbao';
  start(): Promise<TestVault>;
}

async function startFakeVault(): Promise<TestVault> {
  const fake = await startVaultFake({ mounts: TEST_MOUNTS });
  return {
    name: 'fake',
    address: fake.address,
    rootToken: fake.rootToken,
    serverVersion: '1.17.2',
    requests: fake.requests,
    fake,
    putSecret: async (path, data, namespace) => fake.putSecret(path, data, namespace),
    deleteVersions: async (path, versions) => fake.deleteVersions(path, versions),
    destroyVersions: async (path, versions) => fake.destroyVersions(path, versions),
    addToken: async (token, options) => fake.addToken(token, options),
    addAppRole: async (role) => fake.addAppRole(role),
    expireIssuedTokens: async () => fake.expireIssuedTokens(),
    readCount: (path, namespace) => fake.readCount(path, namespace),
    seal: async () => {
      fake.sealed = true;
    },
    unseal: async () => {
      fake.sealed = false;
    },
    stop: () => fake.stop(),
    start: () => fake.start(),
    close: () => fake.close(),
  };
}

export const VAULTS: readonly VaultKind[] = [
  { name: 'fake', start: startFakeVault },
  ...(OPENBAO_AVAILABLE ? [{ name: 'openbao' as const, start: startOpenBaoVault }] : []),
];

/** Stops the file's shared OpenBao server, if one was started; call it in `afterAll`. */
export const closeVaults = (): Promise<void> => closeSharedOpenBao();
