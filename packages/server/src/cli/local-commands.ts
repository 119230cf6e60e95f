import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';

// The server, store and keyring load only when a local command runs, so the remote commands start fast
// (config too: reading the types' settings loads every type).
const server = () => import('./serve.js');
const storage = async () => ({
  ...(await import('../config.js')),
  ...(await import('../domain/maintenance.js')),
  ...(await import('../secrets/master-keys.js')),
  ...(await import('../store/create-store.js')),
  ...(await import('../store/sqlite-journal.js')),
});

const KEY_REFRESH_GRACE_MS = 2500;

/**
 * Whether the embedded database exists (always true with PATCHBAY_DATABASE_URL): opening a missing
 * one creates it empty, and a command on a mistyped data directory would then report nothing to do.
 */
const hasEmbeddedStore = (config: { databaseUrl?: string; dataDir: string }, sqliteFile: string) =>
  !!config.databaseUrl || existsSync(join(config.dataDir, sqliteFile));

const noDatabase = (dataDir: string, sqliteFile: string) =>
  `no Patchbay database in ${dataDir} (${sqliteFile}); run this with PATCHBAY_DATA_DIR set to the server's data directory, or PATCHBAY_DATABASE_URL to its database`;

/** Ends a local command that would work on the wrong data: the message, exit code 2. */
function refuse(message: string): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 2;
}

/** Commands that work on the server's own data directory or database, not through the API. */
export function registerLocalCommands(program: Command) {
  program
    .command('serve')
    .description('start the server (settings from PATCHBAY_* environment variables; see the README)')
    .action(async () => (await server()).serve());

  const keys = program.command('keys').description('master key management');
  keys
    .command('rotate')
    .description(
      'make a new master key and re-wrap every data key with it while servers keep serving. ' +
        'With a key file: adds the key to it (running servers pick it up). With PATCHBAY_MASTER_KEY: ' +
        'set the new key there and the old one in PATCHBAY_PREVIOUS_MASTER_KEYS first.',
    )
    .option('--json', 'machine output')
    .action(async (options: { json?: boolean }) => {
      const {
        assertKeysCover,
        createStore,
        keyFilePath,
        openKeyring,
        rewrapAllSecrets,
        rotateKeyFile,
        loadConfig,
        SQLITE_FILE,
      } = await storage();
      const config = loadConfig();
      const path = keyFilePath(config.dataDir);
      // a mistyped data directory would otherwise get a new key file and an empty database, and the
      // rotation would report 0 records re-wrapped while the real keys stay as they were
      if (!config.masterKey && !existsSync(path)) {
        return refuse(
          `no master key file in ${config.dataDir} (${path}); run this with PATCHBAY_DATA_DIR set to the server's data directory, or with PATCHBAY_MASTER_KEY when the server takes its key from the environment`,
        );
      }
      if (!hasEmbeddedStore(config, SQLITE_FILE)) return refuse(noDatabase(config.dataDir, SQLITE_FILE));
      const rotated = config.masterKey ? undefined : rotateKeyFile(path);
      const keyring = config.masterKey
        ? openKeyring({ kind: 'env', active: config.masterKey, previous: config.previousMasterKeys })
        : openKeyring({ kind: 'file', path });
      const store = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        assertKeysCover(keyring, await store.keyIdsInUse());
        let total = (await rewrapAllSecrets(store, keyring)).rewrapped;
        // Servers switch to the new key within their refresh interval; sweep once more after it.
        await new Promise((r) => setTimeout(r, KEY_REFRESH_GRACE_MS));
        total += (await rewrapAllSecrets(store, keyring)).rewrapped;
        const result = {
          active_key_id: keyring.activeKeyId,
          previous_key_id: rotated?.previousKeyId ?? null,
          rewrapped: total,
        };
        process.stdout.write(
          options.json
            ? `${JSON.stringify(result)}\n`
            : `Active master key ${result.active_key_id}; re-wrapped ${total} record(s).\n`,
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('audit')
    .description('audit log')
    .command('verify')
    .description(
      "verify every workspace's audit hash chain in the database; with --server, the token's workspace through the API (admin)",
    )
    .option('--server', 'ask the server at PATCHBAY_URL (or --url) instead of reading the database')
    .option('--json', 'machine output')
    .action(async (options: { json?: boolean; server?: boolean }, command: Command) => {
      if (options.server) return verifyThroughServer(command, options.json === true);
      const { createStore, loadConfig, verifyWorkspaceAudit, withJournalFiles, SQLITE_FILE } =
        await storage();
      const config = loadConfig();
      if (!hasEmbeddedStore(config, SQLITE_FILE)) {
        return refuse(
          `${noDatabase(config.dataDir, SQLITE_FILE)} — or ask the running server: patchbay audit verify --server`,
        );
      }
      const table = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      // on SQLite, also what the server wrote to its journal and the table has not yet ingested
      const store = table.dialect === 'sqlite' ? withJournalFiles(table, config.dataDir) : table;
      let broken = false;
      try {
        const results = [];
        for (const ws of await store.workspaces.list()) {
          const result = await verifyWorkspaceAudit(store, ws.id);
          broken ||= !result.ok;
          results.push({ workspace: ws.name, ...result });
        }
        if (options.json) process.stdout.write(`${JSON.stringify({ workspaces: results })}\n`);
        else
          for (const r of results) {
            process.stdout.write(
              r.ok
                ? `${r.workspace}: ok, ${r.count} events\n`
                : `${r.workspace}: BROKEN at seq ${r.seq}: ${r.reason}\n`,
            );
          }
      } finally {
        await store.close();
      }
      if (broken) process.exitCode = 1;
    });
}

/**
 * `audit verify --server`: the server verifies its workspace's chain (GET /v1/audit/verify), for an
 * admin without access to the data directory. Same output and exit codes as the local check.
 */
async function verifyThroughServer(command: Command, json: boolean): Promise<void> {
  const { clientOf } = await import('./remote-context.js');
  const { printError } = await import('./output.js');
  const { PatchbayError } = await import('@patchbay/sdk');
  try {
    const result = await clientOf(command).audit.verify();
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        result.ok ? `ok, ${result.count} events\n` : `BROKEN at seq ${result.seq}: ${result.reason}\n`,
      );
    if (!result.ok) process.exitCode = 1;
  } catch (error) {
    if (!(error instanceof PatchbayError)) throw error;
    printError(error);
    process.exitCode = 1;
  }
}
