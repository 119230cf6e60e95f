import { type Config, loadConfig } from '../config.js';
import { createLogger, createPatchbay } from '../server.js';

/** `patchbay serve`: start, print the URL (and on first start the admin token), stop cleanly on SIGTERM. */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config: Config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const patchbay = await createPatchbay(config, logger);
  const address = await patchbay.app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  process.stdout.write(
    `Patchbay is serving on ${url}  (workbench ${url}/, API ${url}/v1, docs ${url}/docs)\n`,
  );
  process.stdout.write(
    `Store: ${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}; keys: ${config.masterKey ? 'PATCHBAY_MASTER_KEY' : 'key file in the data directory'}\n`,
  );
  if (patchbay.bootstrap?.generated) {
    process.stdout.write(
      `\nFirst start: the admin token of workspace 'default' (shown once; keep it safe):\n\n  ${patchbay.bootstrap.secret}\n\n` +
        `  export PATCHBAY_URL=${url} PATCHBAY_TOKEN=${patchbay.bootstrap.secret}\n\n`,
    );
  } else if (patchbay.bootstrap) {
    process.stdout.write(
      "First start: workspace 'default' created with the admin token from PATCHBAY_ADMIN_TOKEN\n",
    );
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining and stopping');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await patchbay.close();
    } finally {
      clearTimeout(force);
      logger.flush();
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
