import type { JsonObject } from '../../domain/model.js';
import { defineSettings, type SettingValues, type TypeDescriptor } from '../../domain/type-descriptor.js';
import { json, objectSchema, type Static, str } from '../../task-kit/schema.js';
import { gcpSetupSteps } from './gcp-steps.js';
import { validateGcp } from './gcp-validate.js';

/** Server-fixed endpoints (SPEC 3.1): the operator's, never a connection input's. */
export const gcpSettings = defineSettings([
  {
    env: 'PATCHBAY_GCP_TOKEN_URL',
    key: 'tokenUrl',
    default: 'https://oauth2.googleapis.com/token',
    doc: 'Google OAuth 2.0 token endpoint',
    format: 'url',
  },
  {
    env: 'PATCHBAY_GCP_API_URL',
    key: 'apiUrl',
    default: 'https://cloudresourcemanager.googleapis.com',
    doc: 'Google Cloud Resource Manager API',
    format: 'url',
  },
]);

export type GcpSettings = SettingValues<typeof gcpSettings>;

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
export const gcpType: TypeDescriptor<typeof inputSchema, typeof gcpSettings> = {
  id: 'gcp',
  kind: 'cloud',
  displayName: 'Google Cloud',
  shortName: 'GCP',
  description: 'A Google Cloud project, reached with a service account key.',
  inputSchema,
  settings: gcpSettings,
  defaultScopes: ['storage', 'broker', 'database', 'graph', 'vector'],
  commands: [],
  setupSteps: gcpSetupSteps,
  validate: validateGcp,
};
