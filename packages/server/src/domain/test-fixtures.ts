/**
 * A small type descriptor for the domain's unit tests: the domain is tested without the real types
 * (it imports nothing below it), on a schema with one of everything the merge cares about.
 */
import type { Connection } from './model.js';
import type { TypeDescriptor } from './type-descriptor.js';

export const dbType: TypeDescriptor = {
  id: 'db',
  kind: 'task',
  displayName: 'Test database',
  shortName: 'DB',
  description: 'host (target), port (default), user, password (secret)',
  inputSchema: {
    type: 'object',
    properties: {
      host: { type: 'string', 'x-target': true, description: 'host' },
      port: { type: 'integer', default: 5432, description: 'port' },
      user: { type: 'string', description: 'user' },
      password: { type: 'string', 'x-secret': true, description: 'password' },
    },
    required: ['host', 'user'],
    additionalProperties: false,
  },
  defaultScopes: [],
  commands: ['query'],
};

export const freeType: TypeDescriptor = {
  ...dbType,
  id: 'free',
  inputSchema: { type: 'object', properties: {}, additionalProperties: true },
  freeFormSecrets: true,
  commands: [],
};

export function makeConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    workspaceId: 'ws_1',
    tag: 'db',
    type: 'db',
    kind: 'task',
    displayName: 'db',
    description: '',
    scopes: [],
    value: {},
    secretFields: [],
    sealed: null,
    vault: null,
    status: 'unverified',
    statusMessage: null,
    version: 1,
    accountIdentifier: null,
    setup: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    lastValidatedAt: null,
    lastChecks: null,
    ...overrides,
  };
}
