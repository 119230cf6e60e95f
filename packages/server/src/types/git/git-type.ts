import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, secret, str, target } from '../schema.js';

/** A git repository: `metadata` returns the commit of `ref`, `get` returns files at `ref`. */
export const gitType: TypeDescriptor = {
  id: 'git',
  kind: 'task',
  displayName: 'Git repository',
  description: 'A git repository reached over https, ssh or git://; reads commit metadata or files at a ref.',
  inputSchema: objectSchema(
    {
      repository_url: target('Repository URL (https://, ssh://, git@host:path or git://)'),
      ref: str('Branch, tag or commit to read', { default: 'develop' }),
      command: {
        type: 'string',
        enum: ['metadata', 'get'],
        default: 'metadata',
        description: 'What connect returns',
      },
      files_path: str('With command get: a file or folder path inside the repository'),
      username: str('User name for https'),
      password: secret('Password or access token for https'),
      ssh_key: secret('Private key (OpenSSH or PEM) for ssh URLs'),
      ssh_hostkey: str('Pinned host key of the ssh server, as in known_hosts ("ssh-ed25519 AAAA…")'),
    },
    ['repository_url'],
  ),
  defaultScopes: [],
  commands: ['metadata', 'get'],
};
