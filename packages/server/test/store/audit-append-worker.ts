/**
 * A second process appending to the audit log, for the cross-process chain test:
 *   node --import tsx audit-append-worker.ts '{"dataDir":…,"databaseUrl":…}' <workspaceId> <appends>
 * Prints the number of events appended.
 */
import { createStore } from '../../src/store/create-store.js';
import { makeDraft } from './builders.js';

const [options, workspaceId, appends] = process.argv.slice(2);
const store = await createStore(JSON.parse(options!));
let appended = 0;
for (let i = 0; i < Number(appends); i++) {
  const events = await store.audit.append([
    makeDraft({ workspaceId, action: `worker${i}.0` }),
    makeDraft({ workspaceId, action: `worker${i}.1` }),
  ]);
  appended += events.length;
  // yield between appends, like requests arriving, so the other process gets its turns
  await new Promise((resolve) => setTimeout(resolve, 3));
}
await store.close();
process.stdout.write(String(appended));
