import { defineSettings, type SettingValues, type TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, type Static, secret, str } from '../../task-kit/schema.js';
import { mongodbAtlasSetupSteps } from './mongodb-atlas-steps.js';
import { validateMongodbAtlas } from './mongodb-atlas-validate.js';

/** Server-fixed endpoints (SPEC 3.1): the operator's, never a connection input's. */
export const atlasSettings = defineSettings([
  {
    env: 'PATCHBAY_ATLAS_API_URL',
    key: 'apiUrl',
    default: 'https://cloud.mongodb.com',
    doc: 'MongoDB Atlas Admin API',
    format: 'url',
  },
]);

export type AtlasSettings = SettingValues<typeof atlasSettings>;

const inputSchema = objectSchema({
  project_id: str('Project (group) id: 24 hexadecimal characters', { pattern: '^[0-9a-fA-F]{24}$' }),
  atlas_public_key: str('Public part of the API key'),
  atlas_private_key: secret('Private part of the API key'),
});

export type MongodbAtlasInputs = Static<typeof inputSchema>;

/**
 * A MongoDB Atlas project reached with a programmatic API key. `validate` reads the project from the
 * Atlas Admin API with HTTP Digest.
 *
 * @example
 * await mongodbAtlasType.validate!({ project_id: '5f1a…', atlas_public_key: 'abcdefgh', atlas_private_key: '…' }, ctx)
 * // { valid: true, message: null, accountIdentifier: '<orgId>', checks: [...] }
 */
export const mongodbAtlasType: TypeDescriptor<typeof inputSchema, typeof atlasSettings> = {
  id: 'mongodb_atlas',
  kind: 'cloud',
  displayName: 'MongoDB Atlas',
  shortName: 'Atlas',
  description: 'A MongoDB Atlas project, reached with a programmatic API key (HTTP Digest).',
  inputSchema,
  settings: atlasSettings,
  defaultScopes: ['database'],
  commands: [],
  setupSteps: mongodbAtlasSetupSteps,
  validate: validateMongodbAtlas,
};
