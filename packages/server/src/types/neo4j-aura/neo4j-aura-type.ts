import { defineSettings, type SettingValues, type TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, opt, type Static, secret, str } from '../../task-kit/schema.js';
import { neo4jAuraSetupSteps } from './neo4j-aura-steps.js';
import { validateNeo4jAura } from './neo4j-aura-validate.js';

/** Server-fixed endpoints (SPEC 3.1): the operator's, never a connection input's. */
export const auraSettings = defineSettings([
  {
    env: 'PATCHBAY_AURA_API_URL',
    key: 'apiUrl',
    default: 'https://api.neo4j.io',
    doc: 'Neo4j Aura API',
    format: 'url',
  },
]);

export type AuraSettings = SettingValues<typeof auraSettings>;

const inputSchema = objectSchema({
  aura_client_id: str('API client id'),
  aura_client_secret: secret('API client secret'),
  aura_instance_id: opt(str('Instance id to look for (optional)')),
});

export type Neo4jAuraInputs = Static<typeof inputSchema>;

/**
 * A Neo4j Aura tenant reached with API client credentials. `validate` gets a client-credentials
 * token and lists the instances (finding `aura_instance_id` when set).
 *
 * @example
 * await neo4jAuraType.validate!({ aura_client_id: 'id', aura_client_secret: '…' }, ctx)
 * // { valid: true, message: null, accountIdentifier: '<tenant id>', checks: [...] }
 */
export const neo4jAuraType: TypeDescriptor<typeof inputSchema, typeof auraSettings> = {
  id: 'neo4j_aura',
  kind: 'cloud',
  displayName: 'Neo4j Aura',
  shortName: 'Aura',
  description: 'A Neo4j Aura tenant, reached with API client credentials.',
  inputSchema,
  settings: auraSettings,
  defaultScopes: ['graph'],
  commands: [],
  setupSteps: neo4jAuraSetupSteps,
  validate: validateNeo4jAura,
};
