import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, secret, str } from '../schema.js';

/** A Neo4j Aura tenant reached with API client credentials. */
export const neo4jAuraType: TypeDescriptor = {
  id: 'neo4j_aura',
  kind: 'cloud',
  displayName: 'Neo4j Aura',
  description: 'A Neo4j Aura tenant, reached with API client credentials.',
  inputSchema: objectSchema(
    {
      aura_client_id: str('API client id'),
      aura_client_secret: secret('API client secret'),
      aura_instance_id: str('Instance id to look for (optional)'),
    },
    ['aura_client_id', 'aura_client_secret'],
  ),
  defaultScopes: ['graph'],
  commands: [],
};
