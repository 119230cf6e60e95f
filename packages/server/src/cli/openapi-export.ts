import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { createLogger, createPatchbay } from '../server.js';

/** The OpenAPI document as the server serves it, built from the route schemas (no server started). */
export async function exportOpenApi(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-openapi-'));
  const patchbay = await createPatchbay(loadConfig({ PATCHBAY_DATA_DIR: dataDir }), createLogger('silent'));
  try {
    await patchbay.app.ready();
    return `${JSON.stringify(patchbay.app.swagger(), null, 2)}\n`;
  } finally {
    await patchbay.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(await exportOpenApi());
}
