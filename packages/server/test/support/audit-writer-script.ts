/**
 * Run by audit-log.test.ts as its own process: writes one audit batch through the SQLite writer thread
 * into the data directory given as argument, prints `written`, and ends without closing anything. The
 * process must exit by itself: an idle writer thread does not keep it alive.
 */
import { join } from 'node:path';
import { createStore, SQLITE_FILE } from '../../src/store/create-store.js';
import { createSqliteAuditWriter } from '../../src/store/sqlite-audit-writer.js';

const dataDir = process.argv[2]!;
const store = await createStore({ dataDir });
await store.workspaces.create({ id: 'default', name: 'default', createdAt: new Date().toISOString() });
const writer = createSqliteAuditWriter(join(dataDir, SQLITE_FILE));
await writer.write([
  {
    draft: {
      workspaceId: 'default',
      actor: 'script',
      action: 'connection.resolve',
      tag: 'library',
      outcome: 'success',
      requestId: 'from-script',
      details: {},
    },
  },
]);
process.stdout.write('written\n');
