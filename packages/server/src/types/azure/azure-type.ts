import { defineSettings, type SettingValues, type TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, opt, type Static, secret, str } from '../../task-kit/schema.js';
import { azureSetupSteps } from './azure-steps.js';
import { validateAzure } from './azure-validate.js';

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** Server-fixed endpoints (SPEC 3.1): the operator's, never a connection input's. */
export const azureSettings = defineSettings([
  {
    env: 'PATCHBAY_AZURE_AUTHORITY_URL',
    key: 'authorityUrl',
    default: 'https://login.microsoftonline.com',
    doc: 'Microsoft identity platform authority',
    format: 'url',
  },
  {
    env: 'PATCHBAY_AZURE_MANAGEMENT_URL',
    key: 'managementUrl',
    default: 'https://management.azure.com',
    doc: 'Azure Resource Manager',
    format: 'url',
  },
]);

export type AzureSettings = SettingValues<typeof azureSettings>;

const inputSchema = objectSchema({
  tenant_id: str('Directory (tenant) id', { pattern: GUID }),
  subscription_id: str('Subscription id', { pattern: GUID }),
  client_id: str('Application (client) id', { pattern: GUID }),
  client_secret: secret('Client secret value'),
  default_location: opt(str('Default region, e.g. westeurope')),
});

export type AzureInputs = Static<typeof inputSchema>;

/**
 * An Azure subscription reached with a service principal. `validate` gets a client-credentials
 * token from the configured authority and reads the subscription from Resource Manager.
 *
 * @example
 * await azureType.validate!({ tenant_id, subscription_id, client_id, client_secret }, ctx)
 * // { valid: true, message: null, accountIdentifier: '<subscription id>', checks: [...] }
 */
export const azureType: TypeDescriptor<typeof inputSchema, typeof azureSettings> = {
  id: 'azure',
  kind: 'cloud',
  displayName: 'Microsoft Azure',
  shortName: 'Azure',
  description: 'An Azure subscription, reached with a service principal (client id and secret).',
  inputSchema,
  settings: azureSettings,
  defaultScopes: ['storage', 'broker', 'database', 'graph', 'vector'],
  commands: [],
  setupSteps: azureSetupSteps,
  validate: validateAzure,
};
