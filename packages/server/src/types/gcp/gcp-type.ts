import type { JsonObject } from '../../domain/model.js';
import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { json, objectSchema, type Static, str } from '../../task-kit/schema.js';
import { validateGcp } from './gcp-validate.js';

const inputSchema = objectSchema({
  project_id: str('Project id', { pattern: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$' }),
  service_account_json: json<JsonObject | string>({
    type: ['object', 'string'],
    description: 'The service account key file (JSON object or its text)',
    'x-secret': true,
  }),
});

export type GcpInputs = Static<typeof inputSchema>;

/**
 * A Google Cloud project reached with a service account key. `validate` exchanges a signed JWT
 * for a token at the configured token URL and reads the project.
 *
 * @example
 * await gcpType.validate!({ project_id: 'acme-prod', service_account_json: keyFileText }, ctx)
 * // { valid: true, message: null, accountIdentifier: '415104041262', checks: [...] }
 */
export const gcpType: TypeDescriptor<typeof inputSchema> = {
  id: 'gcp',
  kind: 'cloud',
  displayName: 'Google Cloud',
  description: 'A Google Cloud project, reached with a service account key.',
  inputSchema,
  defaultScopes: ['storage', 'broker', 'database', 'graph', 'vector'],
  commands: [],
  validate: validateGcp,
};
