import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, opt, type Static, secret, str } from '../../task-kit/schema.js';
import { validateAzure } from './azure-validate.js';

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

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
export const azureType: TypeDescriptor<typeof inputSchema> = {
  id: 'azure',
  kind: 'cloud',
  displayName: 'Microsoft Azure',
  description: 'An Azure subscription, reached with a service principal (client id and secret).',
  inputSchema,
  defaultScopes: ['storage', 'broker', 'database', 'graph', 'vector'],
  commands: [],
  validate: validateAzure,
};
