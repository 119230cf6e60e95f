import type { TypeDescriptor } from '../../domain/type-descriptor.js';
import { objectSchema, port, seconds, secret, str, target } from '../schema.js';

/** An SSH host; connect runs a script. */
export const sshType: TypeDescriptor = {
  id: 'ssh',
  kind: 'task',
  displayName: 'SSH host',
  description:
    'An SSH server with a pinned host key; connect runs a script and returns its exit code and output.',
  inputSchema: objectSchema(
    {
      hostname: target('Host name or address'),
      port: port(22),
      username: str('User name'),
      password: secret('Password'),
      key: secret('Private key (OpenSSH or PEM)'),
      hostkey: str('Pinned host key ("ssh-ed25519 AAAA…") or its SHA256 fingerprint ("SHA256:…")'),
      script: str('Shell script to run on connect'),
      connect_timeout: seconds('Seconds to wait for the connection and login', 30),
      script_timeout: seconds('Seconds the script may run', 60),
    },
    ['hostname', 'username'],
  ),
  defaultScopes: [],
  commands: ['script'],
};
