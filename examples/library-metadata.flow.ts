/**
 * The seed flow: read the commit of the `library` git connection on its default ref (develop) and
 * at tag v2, in one run.
 *
 *   patchbay connections create library --type git --value repository_url=https://git.example.com/library.git
 *   patchbay flow run examples/library-metadata.flow.ts
 */
import type { FlowHandler } from '../packages/server/src/flows/flow-types.js';

export const handler: FlowHandler = async (_system, run) => {
  const dev = await run.connect('library');
  const v2 = await run.connect('library', { ref: 'v2' });
  const devSha = dev.get('output_value.commit_sha');
  const v2Sha = v2.get('output_value.commit_sha');
  run.success(`develop is at ${devSha}, v2 is at ${v2Sha}`, { develop: devSha, v2: v2Sha });
};
