import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createAuditLog, storeWriter } from './domain/audit-log.js';
import { createAuthService, DEFAULT_WORKSPACE } from './domain/auth-service.js';
import { CallContext } from './domain/call-context.js';
import { createComponentService } from './domain/component-service.js';
import { createConnectionCache } from './domain/connection-cache.js';
import { createConnectionService } from './domain/connection-service.js';
import { createInputValidator } from './domain/input-validation.js';
import type { Store } from './domain/ports.js';
import { createResolveService } from './domain/resolve-service.js';
import { createRunService } from './domain/run-service.js';
import type { TypeSettings } from './domain/type-descriptor.js';
import { type App, buildApp } from './http/app.js';
import { createMetrics } from './http/metrics.js';
import { registerRoutes } from './http/routes/index.js';
import { cookieSessions, registerWorkbench } from './http/workbench.js';
import { assertKeysCover, ensureKeyFile, keyFilePath, openKeyring } from './secrets/master-keys.js';
import { createVaultService } from './secrets/vault/vault-service.js';
import { createStore } from './store/create-store.js';
import type { JournalFilesFactory } from './store/journal-files.js';
import { openSqliteJournal } from './store/sqlite-journal.js';
import { createDnsCache } from './task-kit/dns-cache.js';
import { createEgressGuard } from './task-kit/egress.js';
import { createResourceCache, resourceKeyPrefix } from './task-kit/resource-cache.js';
import { ALL_TYPES, createTypeRegistry } from './types/registry.js';

/** Log paths that could carry a secret; pino replaces them before anything is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.secret_id',
  '*.client_secret',
  '*.private_key',
  '*.inputs',
  'body',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'patchbay' } },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

export interface Patchbay {
  app: App;
  store: Store;
  config: Config;
  /** the bootstrap admin token when this start created it (first start) */
  bootstrap: { secret: string; generated: boolean } | null;
  close(): Promise<void>;
}

/**
 * Wires the server: store, keyring, services, HTTP. The one place where the parts meet.
 *
 * @example
 * const patchbay = await createPatchbay(loadConfig(), createLogger('info'));
 * await patchbay.app.listen({ host: '127.0.0.1', port: 7300 });
 */
export interface PatchbayDeps {
  /** the audit journal's file layer (tests inject ENOSPC/EIO here) */
  journalFiles?: JournalFilesFactory;
}

export async function createPatchbay(
  config: Config,
  logger: Logger,
  deps: PatchbayDeps = {},
): Promise<Patchbay> {
  const keySource = config.masterKey
    ? ({ kind: 'env', active: config.masterKey, previous: config.previousMasterKeys } as const)
    : ({ kind: 'file', path: keyFilePath(config.dataDir) } as const);
  if (keySource.kind === 'file') ensureKeyFile(keySource.path);
  const keyring = openKeyring(keySource);
  const tableStore = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    assertKeysCover(keyring, await tableStore.keyIdsInUse());
  } catch (error) {
    await tableStore.close();
    throw error;
  }
  const keyWatch = keySource.kind === 'file' ? setInterval(() => keyring.refresh(), 2000).unref() : undefined;

  const types = createTypeRegistry(ALL_TYPES);
  const validator = createInputValidator();
  validator.precompile(types.list());
  // pg commits without blocking the event loop and keeps replicas stateless; SQLite gets the journal
  let sqliteJournal: Awaited<ReturnType<typeof openSqliteJournal>> | undefined;
  try {
    if (tableStore.dialect === 'sqlite') {
      sqliteJournal = await openSqliteJournal({
        dataDir: config.dataDir,
        sync: config.auditSync,
        files: deps.journalFiles,
        logger,
      });
    }
  } catch (error) {
    await tableStore.close();
    throw error;
  }
  const store = sqliteJournal ? sqliteJournal.wrap(tableStore) : tableStore;
  const auditLog = sqliteJournal
    ? createAuditLog(sqliteJournal.write, {
        maxInFlight: Number.POSITIVE_INFINITY,
        // a connect waits up to 2 ms for the others running to share its journal write
        groupWindowMs: 2,
        running: () => runner.connecting(),
      })
    : createAuditLog(storeWriter(store));
  const auth = createAuthService({ store });
  const vault = createVaultService({ configs: store.vaultConfigs, sealer: keyring, logger });
  const resources = createResourceCache({
    idleMs: 5 * 60_000,
    onDisposeError: (key, err) =>
      logger.warn({ err, key: key.split(':').slice(0, 3).join(':') }, 'closing a pool failed'),
  });
  const egress = createEgressGuard({ allowCidrs: config.egressAllow, resolve: createDnsCache() });

  const metrics = createMetrics();
  // each type gets its own settings only (read and checked once by loadConfig)
  const settingsOf = (typeId: string): TypeSettings => {
    const settings = config.typeSettings.get(typeId);
    if (!settings) throw new Error(`no settings were read for type '${typeId}': pass it to loadConfig`);
    return settings;
  };
  for (const type of types.list()) settingsOf(type.id); // refuse to start, not the first validate
  const connectionCache = createConnectionCache(store.connections);
  const connections = createConnectionService({
    store,
    sealer: keyring,
    types,
    validator,
    settingsOf,
    checkVaultPath: async (ws, path, version) => void (await vault.normalizePath(ws, path, version)),
    onChange: (ws, tag) => {
      connectionCache.invalidate(ws, tag);
      for (const type of ALL_TYPES) void resources.evict(resourceKeyPrefix(type.id, ws, tag));
    },
  });
  const resolver = createResolveService({
    store,
    cache: connectionCache,
    sealer: keyring,
    types,
    validator,
    vault,
    auditLog,
  });
  const runner = createRunService({
    resolver,
    connections,
    auditLog,
    defaultTimeoutMs: config.connectTimeoutMs,
    maxTimeoutMs: config.maxConnectTimeoutMs,
    maxConcurrentPerToken: config.maxConcurrentConnects,
    onExecution: (e, masked) => metrics.execution(e.type, e.status, masked),
    makeContext: (connection, deadline, timeoutMs, secrets) =>
      new CallContext({
        workspaceId: connection.workspaceId,
        tag: connection.tag,
        type: connection.type,
        timeoutMs,
        egress,
        settings: settingsOf(connection.type),
        setup: connection.setup,
        resources,
        logger,
        deadline,
        secrets,
      }),
  });
  const components = createComponentService({ store });

  const bootstrap = await auth.bootstrap(config.adminToken);
  const defaultWorkspace = await store.workspaces.getByName(DEFAULT_WORKSPACE);

  const app = await buildApp({
    logger,
    store,
    auth,
    auditLog,
    metrics,
    rateLimitPerMinute: config.rateLimitPerMinute,
    anonymousRateLimitPerMinute: config.anonymousRateLimitPerMinute,
    defaultWorkspaceId: async () => defaultWorkspace?.id,
    sessions: cookieSessions,
    routes: (scope) => {
      registerRoutes(scope, {
        types,
        connections,
        resolver,
        runner,
        auth,
        components,
        vault,
        store,
        auditLog,
      });
      return registerWorkbench(scope, { webDir: config.webDir, auth, secureCookies: config.secureCookies });
    },
  });

  return {
    app,
    store,
    config,
    bootstrap,
    async close() {
      if (keyWatch) clearInterval(keyWatch);
      await app.close();
      await auditLog.drain();
      await sqliteJournal?.close();
      await resources.closeAll();
      await vault.close();
      await store.close();
    },
  };
}
