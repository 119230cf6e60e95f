import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, str } from '../schema.js';

/** A Google Cloud project reached with a service account key. */
export const gcpType: TypeDescriptor = {
  id: 'gcp',
  kind: 'cloud',
  displayName: 'Google Cloud',
  description: 'A Google Cloud project, reached with a service account key.',
  inputSchema: objectSchema(
    {
      project_id: str('Project id', { pattern: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$' }),
      service_account_json: {
        type: ['object', 'string'],
        description: 'The service account key file (JSON object or its text)',
        'x-secret': true,
      },
    },
    ['project_id', 'service_account_json'],
  ),
  defaultScopes: ['storage', 'broker', 'database', 'graph', 'vector'],
  commands: [],
};
