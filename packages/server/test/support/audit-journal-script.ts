/**
 * Run by audit-journal.test.ts as its own process: opens the audit journal of the data directory given
 * as argument, writes one group, prints `written`, and ends without closing anything. The process
 * must exit by itself: neither the ingestion thread nor the sync timer keeps it alive.
 */
import { createStore } from '../../src/store/create-store.js';
import { openSqliteJournal } from '../../src/store/sqlite-journal.js';

const dataDir = process.argv[2]!;
const store = await createStore({ dataDir });
await store.workspaces.create({ id: 'default', name: 'default', createdAt: new Date().toISOString() });
const journal = await openSqliteJournal({ dataDir, sync: 'interval', logger: console });
await journal.write([
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
