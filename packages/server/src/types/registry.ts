import { AppError } from '../domain/errors.js';
import type { TypeDescriptor, TypeRegistry } from '../domain/type-descriptor.js';
import { awsType } from './aws/aws-type.js';
import { azureType } from './azure/azure-type.js';
import { gcpType } from './gcp/gcp-type.js';
import { genericType } from './generic/generic-type.js';
import { gitType } from './git/git-type.js';
import { httpType } from './http/http-type.js';
import { imapType } from './imap/imap-type.js';
import { ldapType } from './ldap/ldap-type.js';
import { mongodbAtlasType } from './mongodb-atlas/mongodb-atlas-type.js';
import { mysqlType } from './mysql/mysql-type.js';
import { neo4jAuraType } from './neo4j-aura/neo4j-aura-type.js';
import { oracleType } from './oracle/oracle-type.js';
import { postgresType } from './postgres/postgres-type.js';
import { redisType } from './redis/redis-type.js';
import { sftpType } from './sftp/sftp-type.js';
import { smtpType } from './smtp/smtp-type.js';
import { sshType } from './ssh/ssh-type.js';

/** Every connection type, listed once. Adding a type is one folder and one line here. */
export const ALL_TYPES: readonly TypeDescriptor[] = [
  gitType,
  httpType,
  postgresType,
  mysqlType,
  oracleType,
  sshType,
  genericType,
  awsType,
  gcpType,
  azureType,
  mongodbAtlasType,
  neo4jAuraType,
  redisType,
  sftpType,
  ldapType,
  smtpType,
  imapType,
];

export function createTypeRegistry(types: readonly TypeDescriptor[] = ALL_TYPES): TypeRegistry {
  const byId = new Map(types.map((t) => [t.id, t]));
  return {
    list: () => types,
    has: (id) => byId.has(id),
    get(id) {
      const type = byId.get(id);
      if (!type) {
        throw new AppError(
          'type_not_found',
          `type '${id}' does not exist; the types are ${[...byId.keys()].join(', ')} (GET /v1/types)`,
        );
      }
      return type;
    },
  };
}
